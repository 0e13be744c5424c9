package dev.airesilience.config.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** Configuration usage over a time window (§3.10 {@code get_usage_statistics}). */
public record UsageStatistics(
        @JsonProperty("total_loads") long totalLoads,
        @JsonProperty("preset_usage_count") Map<String, Long> presetUsageCount,
        @JsonProperty("error_rate") double errorRate,
        @JsonProperty("avg_load_time_ms") double avgLoadTimeMs,
        @JsonProperty("most_used_preset") String mostUsedPreset,
        @JsonProperty("least_used_preset") String leastUsedPreset,
        @JsonProperty("custom_config_usage_rate") double customConfigUsageRate,
        @JsonProperty("legacy_config_usage_rate") double legacyConfigUsageRate,
        @JsonProperty("config_changes") long configChanges,
        @JsonProperty("validation_failures") long validationFailures) {}
