package dev.airesilience.health;

import com.fasterxml.jackson.annotation.JsonValue;

/** Circuit states with their wire names: {@code closed}, {@code open}, {@code half-open} (hyphenated everywhere). */
public enum CircuitState {
    CLOSED("closed"),
    OPEN("open"),
    HALF_OPEN("half-open");

    private final String wireName;

    CircuitState(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Numeric form for gauges: 0 closed, 1 open, 2 half-open. */
    public int gaugeValue() {
        return ordinal();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
