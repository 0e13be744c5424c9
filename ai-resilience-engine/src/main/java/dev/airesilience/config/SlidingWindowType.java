package dev.airesilience.config;

import java.util.Locale;

/** The window a {@link BreakerMode#FAILURE_RATE} breaker computes its rates over, as in Resilience4j. */
public enum SlidingWindowType {
    /** The last {@code slidingWindowSize} outcomes. */
    COUNT,
    /** The outcomes of the last {@code slidingWindowDuration} (whole seconds, one bucket per second). */
    TIME;

    /** The JSON value: {@code count}, {@code time}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
