package dev.airesilience.config;

import static dev.airesilience.internal.Preconditions.checkRange;

import java.time.Duration;

/**
 * When an operation's circuit opens and how it recovers. Immutable; validated on construction.
 *
 * @param failureThreshold consecutive counted failures (logical calls that ended transient) that open the
 *     circuit (1–100)
 * @param recoveryTimeoutSeconds how long the circuit stays open before admitting trial calls (1–3600)
 * @param halfOpenMaxCalls trial calls admitted while half-open (1–10)
 */
public record CircuitBreakerConfig(int failureThreshold, int recoveryTimeoutSeconds, int halfOpenMaxCalls) {

    /** The seed's {@code CircuitBreakerConfig()} defaults: 5 failures, 60 s, 1 trial call. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(5, 60, 1);

    public CircuitBreakerConfig {
        checkRange("failureThreshold", failureThreshold, 1, 100);
        checkRange("recoveryTimeoutSeconds", recoveryTimeoutSeconds, 1, 3600);
        checkRange("halfOpenMaxCalls", halfOpenMaxCalls, 1, 10);
    }

    public Duration recoveryTimeout() {
        return Duration.ofSeconds(recoveryTimeoutSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .failureThreshold(failureThreshold)
                .recoveryTimeoutSeconds(recoveryTimeoutSeconds)
                .halfOpenMaxCalls(halfOpenMaxCalls);
    }

    /** Builds a {@link CircuitBreakerConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private int failureThreshold = 5;
        private int recoveryTimeoutSeconds = 60;
        private int halfOpenMaxCalls = 1;

        private Builder() {}

        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder recoveryTimeoutSeconds(int recoveryTimeoutSeconds) {
            this.recoveryTimeoutSeconds = recoveryTimeoutSeconds;
            return this;
        }

        public Builder halfOpenMaxCalls(int halfOpenMaxCalls) {
            this.halfOpenMaxCalls = halfOpenMaxCalls;
            return this;
        }

        /** @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(failureThreshold, recoveryTimeoutSeconds, halfOpenMaxCalls);
        }
    }
}
