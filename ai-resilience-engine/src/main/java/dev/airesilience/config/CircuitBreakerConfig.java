package dev.airesilience.config;

import java.time.Duration;

/**
 * When an operation's circuit opens and how it recovers. Immutable; validated on construction against the one
 * range table ({@link ConfigKey}).
 *
 * @param failureThreshold consecutive counted failures (logical calls that ended transient) that open the
 *     circuit (1–100)
 * @param recoveryTimeout how long the circuit stays open before admitting trial calls (1 ms – 1 h)
 * @param halfOpenMaxCalls trial calls admitted while half-open (1–10)
 * @param countAttempts what a failure is: {@code false} (the default, as in the seed) counts one outcome per
 *     logical call, after its retries; {@code true} counts every failed attempt, so an outage is detected after
 *     {@code failureThreshold} provider requests instead of that many calls with all their retries. A half-open
 *     trial is one request either way.
 */
public record CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls,
        boolean countAttempts) {

    /** The seed's {@code CircuitBreakerConfig()} defaults: 5 failures, 60 s, 1 trial call. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(5, Duration.ofSeconds(60), 1);

    /** A breaker that counts one outcome per logical call, as the seed's does. */
    public CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls) {
        this(failureThreshold, recoveryTimeout, halfOpenMaxCalls, false);
    }

    public CircuitBreakerConfig {
        ConfigKey.CIRCUIT_BREAKER_THRESHOLD.check(failureThreshold);
        ConfigKey.RECOVERY_TIMEOUT.check(recoveryTimeout);
        ConfigKey.HALF_OPEN_MAX_CALLS.check(halfOpenMaxCalls);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .failureThreshold(failureThreshold)
                .recoveryTimeout(recoveryTimeout)
                .halfOpenMaxCalls(halfOpenMaxCalls)
                .countAttempts(countAttempts);
    }

    /** Builds a {@link CircuitBreakerConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private int failureThreshold = 5;
        private Duration recoveryTimeout = Duration.ofSeconds(60);
        private int halfOpenMaxCalls = 1;
        private boolean countAttempts;

        private Builder() {}

        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder recoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
            return this;
        }

        public Builder halfOpenMaxCalls(int halfOpenMaxCalls) {
            this.halfOpenMaxCalls = halfOpenMaxCalls;
            return this;
        }

        /** Counts every failed attempt ({@code true}) instead of one outcome per logical call (the default). */
        public Builder countAttempts(boolean countAttempts) {
            this.countAttempts = countAttempts;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range
         * @throws NullPointerException if {@code recoveryTimeout} is {@code null}
         */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(failureThreshold, recoveryTimeout, halfOpenMaxCalls, countAttempts);
        }
    }
}
