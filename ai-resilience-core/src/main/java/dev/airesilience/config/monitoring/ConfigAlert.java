package dev.airesilience.config.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** An alert raised by the configuration event log. */
public record ConfigAlert(
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("level") Level level,
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("preset_name") String presetName,
        @JsonProperty("metric_type") ConfigEventType type,
        @JsonProperty("threshold_value") double thresholdValue,
        @JsonProperty("actual_value") double actualValue) {

    /** Alert severity. */
    public enum Level {
        INFO, WARNING, ERROR, CRITICAL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
