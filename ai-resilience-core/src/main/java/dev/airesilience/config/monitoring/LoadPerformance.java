package dev.airesilience.config.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Load-time statistics over a window; all zero when there were no loads.
 *
 * @param p95LoadTimeMs the element at index {@code floor(0.95 n)} of the sorted load times (capped at n − 1)
 */
public record LoadPerformance(
        @JsonProperty("avg_load_time_ms") double avgLoadTimeMs,
        @JsonProperty("min_load_time_ms") double minLoadTimeMs,
        @JsonProperty("max_load_time_ms") double maxLoadTimeMs,
        @JsonProperty("p95_load_time_ms") double p95LoadTimeMs,
        @JsonProperty("error_count") long errorCount,
        @JsonProperty("total_samples") long totalSamples) {}
