package dev.airesilience.config;

import java.util.Locale;

/** What opens an operation's circuit ({@code circuit_breaker_mode} in JSON). */
public enum BreakerMode {
    /** {@code failureThreshold} consecutive counted failures: the seed's rule, and the default. */
    CONSECUTIVE,
    /**
     * Resilience4j's rule: the failure rate, or the slow-call rate, of the outcomes in a sliding window reaches its
     * threshold once the window holds {@code minimumNumberOfCalls} outcomes.
     */
    FAILURE_RATE;

    /** The JSON value: {@code consecutive}, {@code failure_rate}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
