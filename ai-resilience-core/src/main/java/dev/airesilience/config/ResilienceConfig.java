package dev.airesilience.config;

import static dev.airesilience.internal.Preconditions.checkNotNull;

/**
 * Everything that decides how one operation is protected. Immutable.
 *
 * @param strategy the strategy this configuration derives from (a label when values were overridden)
 * @param retry retry and backoff settings
 * @param circuitBreaker circuit breaker settings
 * @param enableCircuitBreaker whether the operation's circuit breaker is consulted at all
 * @param enableRetry whether transient failures are retried; when off every call makes one attempt
 */
public record ResilienceConfig(
        ResilienceStrategy strategy,
        RetryConfig retry,
        CircuitBreakerConfig circuitBreaker,
        boolean enableCircuitBreaker,
        boolean enableRetry) {

    /**
     * The seed's {@code ResilienceConfig()} defaults. Note they differ from {@link ResilienceStrategy#BALANCED}
     * (60 s budget instead of 30 s), exactly as in the original.
     */
    public static final ResilienceConfig DEFAULT =
            new ResilienceConfig(ResilienceStrategy.BALANCED, RetryConfig.DEFAULT, CircuitBreakerConfig.DEFAULT, true, true);

    public ResilienceConfig {
        checkNotNull("strategy", strategy);
        checkNotNull("retry", retry);
        checkNotNull("circuitBreaker", circuitBreaker);
    }

    /** Attempts a call may make under this configuration: 1 when retry is disabled. */
    public int effectiveMaxAttempts() {
        return enableRetry ? retry.maxAttempts() : 1;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .strategy(strategy)
                .retry(retry)
                .circuitBreaker(circuitBreaker)
                .enableCircuitBreaker(enableCircuitBreaker)
                .enableRetry(enableRetry);
    }

    /** Builds a {@link ResilienceConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private ResilienceStrategy strategy = ResilienceStrategy.BALANCED;
        private RetryConfig retry = RetryConfig.DEFAULT;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.DEFAULT;
        private boolean enableCircuitBreaker = true;
        private boolean enableRetry = true;

        private Builder() {}

        public Builder strategy(ResilienceStrategy strategy) {
            this.strategy = strategy;
            return this;
        }

        public Builder retry(RetryConfig retry) {
            this.retry = retry;
            return this;
        }

        public Builder circuitBreaker(CircuitBreakerConfig circuitBreaker) {
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        public Builder enableCircuitBreaker(boolean enableCircuitBreaker) {
            this.enableCircuitBreaker = enableCircuitBreaker;
            return this;
        }

        public Builder enableRetry(boolean enableRetry) {
            this.enableRetry = enableRetry;
            return this;
        }

        public ResilienceConfig build() {
            return new ResilienceConfig(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry);
        }
    }
}
