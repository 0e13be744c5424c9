package dev.airesilience.config;

import java.time.Duration;
import java.util.Objects;

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
 *     call's budget. Up to 1 h; zero means none.
 * @param firstTokenTimeout for streamed calls: how long an attempt may wait for its first element before it is
 *     abandoned and counted as a transient failure (retried), or {@code null} for no limit. Up to 1 h; zero means
 *     none.
 * @param idleTimeout for streamed calls: how long a started stream may go without an element before it ends with a
 *     timeout error (not retried: the caller already has part of the answer), or {@code null} for no limit. Up to
 *     1 h; zero means none.
 * @param throttle adaptive client-side throttling; off by default ({@link ThrottleConfig#DEFAULT})
 * @param retryBudget the operation's retry budget; off by default ({@link RetryBudgetConfig#DEFAULT})
 * @param idempotent whether sending the operation's request more than once is harmless (a completion, an embedding;
 *     not a payment); false by default. Hedging requires it.
 * @param hedge hedged requests; off by default ({@link HedgeConfig#DEFAULT}); enabling it requires
 *     {@code idempotent}
 */
public record ResilienceConfig(
        ResilienceStrategy strategy,
        RetryConfig retry,
        CircuitBreakerConfig circuitBreaker,
        boolean enableCircuitBreaker,
        boolean enableRetry,
        Duration attemptTimeout,
        Duration firstTokenTimeout,
        Duration idleTimeout,
        ThrottleConfig throttle,
        RetryBudgetConfig retryBudget,
        boolean idempotent,
        HedgeConfig hedge) {

    /**
     * The seed's {@code ResilienceConfig()} defaults. Note they differ from {@link ResilienceStrategy#BALANCED}
     * (60 s budget instead of 30 s), exactly as in the original.
     */
    public static final ResilienceConfig DEFAULT =
            new ResilienceConfig(ResilienceStrategy.BALANCED, RetryConfig.DEFAULT, CircuitBreakerConfig.DEFAULT, true, true);

    public ResilienceConfig {
        Objects.requireNonNull(strategy, "strategy must not be null");
        Objects.requireNonNull(retry, "retry must not be null");
        Objects.requireNonNull(circuitBreaker, "circuitBreaker must not be null");
        attemptTimeout = timeout(ConfigKey.ATTEMPT_TIMEOUT_SECONDS, attemptTimeout);
        firstTokenTimeout = timeout(ConfigKey.FIRST_TOKEN_TIMEOUT_SECONDS, firstTokenTimeout);
        idleTimeout = timeout(ConfigKey.IDLE_TIMEOUT_SECONDS, idleTimeout);
        Objects.requireNonNull(throttle, "throttle must not be null");
        Objects.requireNonNull(retryBudget, "retryBudget must not be null");
        Objects.requireNonNull(hedge, "hedge must not be null");
        if (hedge.enabled() && !idempotent) {
            throw new IllegalArgumentException("HedgeConfig.enabled (hedge_enabled) requires idempotent (idempotent) to be"
                    + " true, because a hedge sends the same request again, but idempotent was false");
        }
    }

    /** A configuration without hedging, the operation not marked idempotent. */
    public ResilienceConfig(ResilienceStrategy strategy, RetryConfig retry, CircuitBreakerConfig circuitBreaker,
            boolean enableCircuitBreaker, boolean enableRetry, Duration attemptTimeout, Duration firstTokenTimeout,
            Duration idleTimeout, ThrottleConfig throttle, RetryBudgetConfig retryBudget) {
        this(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, attemptTimeout, firstTokenTimeout,
                idleTimeout, throttle, retryBudget, false, HedgeConfig.DEFAULT);
    }

    /** A configuration without the load-aware stages (both off). */
    public ResilienceConfig(ResilienceStrategy strategy, RetryConfig retry, CircuitBreakerConfig circuitBreaker,
            boolean enableCircuitBreaker, boolean enableRetry, Duration attemptTimeout, Duration firstTokenTimeout,
            Duration idleTimeout) {
        this(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, attemptTimeout, firstTokenTimeout,
                idleTimeout, ThrottleConfig.DEFAULT, RetryBudgetConfig.DEFAULT);
    }

    /** Checks a timeout against the range table; zero means none, as 0 does in JSON. */
    private static Duration timeout(ConfigKey key, Duration timeout) {
        if (timeout == null) {
            return null;
        }
        key.check(timeout);
        return timeout.isZero() ? null : timeout;
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
                .idleTimeout(idleTimeout)
                .throttle(throttle)
                .retryBudget(retryBudget)
                .idempotent(idempotent)
                .hedge(hedge);
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
        private ThrottleConfig throttle = ThrottleConfig.DEFAULT;
        private RetryBudgetConfig retryBudget = RetryBudgetConfig.DEFAULT;
        private boolean idempotent;
        private HedgeConfig hedge = HedgeConfig.DEFAULT;

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

        /** Adaptive client-side throttling; {@link ThrottleConfig#DEFAULT} (off) unless set. */
        public Builder throttle(ThrottleConfig throttle) {
            this.throttle = throttle;
            return this;
        }

        /** The operation's retry budget; {@link RetryBudgetConfig#DEFAULT} (off) unless set. */
        public Builder retryBudget(RetryBudgetConfig retryBudget) {
            this.retryBudget = retryBudget;
            return this;
        }

        /** Marks the operation idempotent: its request may be sent more than once (required by hedging). */
        public Builder idempotent(boolean idempotent) {
            this.idempotent = idempotent;
            return this;
        }

        /** Hedged requests; {@link HedgeConfig#DEFAULT} (off) unless set. Enabling them requires {@link #idempotent}. */
        public Builder hedge(HedgeConfig hedge) {
            this.hedge = hedge;
            return this;
        }

        /**
         * @throws IllegalArgumentException if {@code attemptTimeout} is negative or longer than 1 h, or if hedging is
         *     enabled on an operation not marked idempotent
         * @throws NullPointerException naming the field, if {@code strategy}, {@code retry} or {@code circuitBreaker}
         *     was set to {@code null}
         */
        public ResilienceConfig build() {
            return new ResilienceConfig(strategy, retry, circuitBreaker, enableCircuitBreaker, enableRetry, attemptTimeout,
                    firstTokenTimeout, idleTimeout, throttle, retryBudget, idempotent, hedge);
        }
    }
}
