package dev.airesilience.settings;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a configuration value in force came from, lowest precedence first. */
public enum ConfigSource {
    /** The orchestrator's built-in strategy table (no settings were given). */
    DEFAULT("default"),
    /** The named preset ({@code RESILIENCE_PRESET}). */
    PRESET("preset"),
    /** A deprecated environment variable ({@code RETRY_MAX_ATTEMPTS}, ...) that was actually applied. */
    LEGACY("legacy"),
    /** The custom JSON ({@code RESILIENCE_CUSTOM_CONFIG}). */
    CUSTOM("custom"),
    /** A runtime update ({@code updateConfiguration}, a watched file). */
    RUNTIME("runtime");

    private final String wireName;

    ConfigSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
