package dev.airesilience.config.monitoring;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Kinds of configuration events (§3.10). */
public enum ConfigEventType {
    PRESET_USAGE, CONFIG_LOAD, CONFIG_ERROR, CONFIG_CHANGE, VALIDATION_EVENT, PERFORMANCE_EVENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
