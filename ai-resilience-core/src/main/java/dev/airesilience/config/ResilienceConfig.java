package dev.airesilience.config;

import static dev.airesilience.internal.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * Everything that decides how one operation is protected. Immutable.
 *
 * @param strategy the strategy this configuration derives from (a label when values were overridden)
 * @param retry retry and backoff settings
 * @param circuitBreaker circuit breaker settings
 * @param enableCircuitBreaker whether the operation's circuit breaker is consulted at all
 * @param enableRetry whether transient failures are retried; when off every call makes one attempt
 * @param attemptTimeout how long one attempt may run before it is cut off (its thread interrupted) and counted
 *     as a transient failure, or {@code null} for no limit (the default); never longer than what remains of the
 *     call's budget. Between 1 ms and 1 hour.
 * @param firstTokenTimeout for streamed calls: how long an attempt may wait for its first element before it is
 *     abandoned and counted as a transient failure (retried), or {@code null} for no limit. Between 1 ms and 1 hour.
 * @param idleTimeout for streamed calls: how long a started stream may go without an element before it ends with a
 *     timeout error (not retried: the caller already has part of the answer), or {@code null} for no limit. Between
 *     1 ms and 1 hour.
 */
public record ResilienceConfig(
        ResilienceStrategy strategy,
        RetryConfig retry,
        CircuitBreakerConfig circuitBreaker,
        boolean enableCircuitBreaker,
        boolean enableRetry,
        Duration attemptTimeout,
        Duration firstTokenTimeout,
        Duration idleTimeout) {

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
        checkTimeout("attemptTimeout", attemptTimeout);
        checkTimeout("firstTokenTimeout", firstTokenTimeout);
        checkTimeout("idleTimeout", idleTimeout);
    }

    private static void checkTimeout(String name, Duration timeout) {
        if (timeout != null && (timeout.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 || timeout.compareTo(MAX_ATTEMPT_TIMEOUT) > 0)) {
            throw new IllegalArgumentException(name + " must be between 1 ms and 1 hour (inclusive), but was " + timeout);
        }
    }

    /** A configuration without stream timeouts. */
    public ResilienceConfig(ResilienceStrategy strategy, RetryConfig retry, CircuitBreakerConfig circuitBreaker,
            boolean enableCircuitBreaker, boolean enableRetry, Duration attemptTimeout) {
        this(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, attemptTimeout, null, null);
    }

    /** A configuration without a per-attempt timeout. */
    public ResilienceConfig(ResilienceStrategy strategy, RetryConfig retry, CircuitBreakerConfig circuitBreaker,
            boolean enableCircuitBreaker, boolean enableRetry) {
        this(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, null);
    }

    private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_ATTEMPT_TIMEOUT = Duration.ofHours(1);

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
                .enableRetry(enableRetry)
                .attemptTimeout(attemptTimeout)
                .firstTokenTimeout(firstTokenTimeout)
                .idleTimeout(idleTimeout);
    }

    /** Builds a {@link ResilienceConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private ResilienceStrategy strategy = ResilienceStrategy.BALANCED;
        private RetryConfig retry = RetryConfig.DEFAULT;
        private CircuitBreakerConfig circuitBreaker = CircuitBreakerConfig.DEFAULT;
        private boolean enableCircuitBreaker = true;
        private boolean enableRetry = true;
        private Duration attemptTimeout;
        private Duration firstTokenTimeout;
        private Duration idleTimeout;

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

        /** Cuts off an attempt after {@code attemptTimeout}; {@code null} (the default) means no limit. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /** For streamed calls: abandons (and retries) an attempt with no element after this; {@code null}: no limit. */
        public Builder firstTokenTimeout(Duration firstTokenTimeout) {
            this.firstTokenTimeout = firstTokenTimeout;
            return this;
        }

        /** For streamed calls: ends a started stream that sends no element for this long; {@code null}: no limit. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        /**
         * @throws IllegalArgumentException if a timeout is outside 1 ms – 1 hour
         * @throws NullPointerException naming the field, if {@code strategy}, {@code retry} or {@code circuitBreaker}
         *     was set to {@code null}
         */
        public ResilienceConfig build() {
            return new ResilienceConfig(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, attemptTimeout,
                    firstTokenTimeout, idleTimeout);
        }
    }
}
