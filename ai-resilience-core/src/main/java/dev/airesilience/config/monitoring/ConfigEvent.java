package dev.airesilience.config.monitoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One configuration event.
 *
 * @param value duration in ms for loads, 1.0/0.0 for validations (valid/invalid), else 1.0
 * @param metadata details: {@code changes} (key → {old, new}) for changes, {@code error_message} for errors, ...
 */
public record ConfigEvent(
        @JsonProperty("timestamp") Instant timestamp,
        @JsonProperty("metric_type") ConfigEventType type,
        @JsonProperty("preset_name") String presetName,
        @JsonProperty("operation") String operation,
        @JsonProperty("value") double value,
        @JsonProperty("metadata") Map<String, Object> metadata,
        // The session the event was recorded in (ConfigEventLog.openSession), or null.
        @JsonProperty("session_id") String sessionId) {

    public ConfigEvent {
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    public ConfigEvent(Instant timestamp, ConfigEventType type, String presetName, String operation, double value,
            Map<String, Object> metadata) {
        this(timestamp, type, presetName, operation, value, metadata, null);
    }
}
