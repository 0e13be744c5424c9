package dev.airesilience.config;

import dev.airesilience.config.internal.ConfigKey;
import java.time.Duration;

/**
 * When an operation's circuit opens and how it recovers. Immutable; validated on construction against the one
 * range table ({@link ConfigKey}).
 *
 * @param failureThreshold consecutive counted failures (logical calls that ended transient) that open the
 *     circuit (1–100)
 * @param recoveryTimeout how long the circuit stays open before admitting trial calls (1 ms – 1 h)
 * @param halfOpenMaxCalls trial calls admitted while half-open (1–10)
 */
public record CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls) {

    /** The seed's {@code CircuitBreakerConfig()} defaults: 5 failures, 60 s, 1 trial call. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(5, Duration.ofSeconds(60), 1);

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
                .halfOpenMaxCalls(halfOpenMaxCalls);
    }

    /** Builds a {@link CircuitBreakerConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private int failureThreshold = 5;
        private Duration recoveryTimeout = Duration.ofSeconds(60);
        private int halfOpenMaxCalls = 1;

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

        /**
         * @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range
         * @throws NullPointerException if {@code recoveryTimeout} is {@code null}
         */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(failureThreshold, recoveryTimeout, halfOpenMaxCalls);
        }
    }
}
