package dev.airesilience.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How a logical call is retried. Immutable; validated on construction against the one range table
 * ({@link ConfigKey}), so whatever is valid here is valid in JSON and Spring properties too.
 *
 * @param maxAttempts total attempts, <em>including</em> the first call (1–20)
 * @param maxDelay the total time budget of the logical call (1 ms – 1 h); no wait is started that would end
 *     past it
 * @param exponentialMultiplier the first exponential delay, doubled for each later attempt (the seed's
 *     {@code exponential_multiplier}, in seconds in JSON; 1 ms – 10 s)
 * @param exponentialMin lower clamp of the exponential delay (0 – 60 s)
 * @param exponentialMax upper clamp of the exponential delay (1 ms – 1 h), at least {@code exponentialMin}
 * @param jitter whether a uniform random delay in {@code [0, jitterMax]} is added
 * @param jitterMax upper bound of the jitter (0 – 60 s)
 * @param backoffMode exponential (default) or fixed delays
 * @param fixedDelay the delay in {@link BackoffMode#FIXED} mode (0 – 1 h)
 */
public record RetryConfig(
        int maxAttempts,
        Duration maxDelay,
        Duration exponentialMultiplier,
        Duration exponentialMin,
        Duration exponentialMax,
        boolean jitter,
        Duration jitterMax,
        BackoffMode backoffMode,
        Duration fixedDelay) {

    /** The seed's {@code RetryConfig()} defaults. */
    public static final RetryConfig DEFAULT = builder().build();

    public RetryConfig {
        ConfigKey.RETRY_ATTEMPTS.check(maxAttempts);
        ConfigKey.MAX_DELAY_SECONDS.check(maxDelay);
        ConfigKey.EXPONENTIAL_MULTIPLIER.check(exponentialMultiplier);
        ConfigKey.EXPONENTIAL_MIN.check(exponentialMin);
        ConfigKey.EXPONENTIAL_MAX.check(exponentialMax);
        ConfigKey.JITTER_MAX.check(jitterMax);
        Objects.requireNonNull(backoffMode, "backoffMode must not be null");
        Objects.requireNonNull(fixedDelay, "fixedDelay must not be null");
        // A fixed delay longer than the longest budget could never be waited.
        if (fixedDelay.isNegative() || fixedDelay.compareTo(ConfigKey.MAX_DELAY_SECONDS.maxDuration()) > 0) {
            throw new IllegalArgumentException("fixedDelay must be between 0s and "
                    + ConfigKey.readable(ConfigKey.MAX_DELAY_SECONDS.maxDuration()) + " (inclusive), but was "
                    + ConfigKey.readable(fixedDelay));
        }
        if (exponentialMin.compareTo(exponentialMax) > 0) {
            throw new IllegalArgumentException("exponentialMin must not exceed exponentialMax, but was "
                    + ConfigKey.readable(exponentialMin) + " > " + ConfigKey.readable(exponentialMax));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding exactly these values, backoff mode included (an exponential config stays exponential). */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .maxAttempts(maxAttempts)
                .maxDelay(maxDelay)
                .exponentialMultiplier(exponentialMultiplier)
                .exponentialMin(exponentialMin)
                .exponentialMax(exponentialMax)
                .jitter(jitter)
                .jitterMax(jitterMax)
                .backoffMode(backoffMode);
        // Set directly: the fixedDelay(...) setter also switches to FIXED.
        builder.fixedDelay = fixedDelay;
        return builder;
    }

    /** Builds a {@link RetryConfig}; starts from the seed's defaults (3 attempts, 60 s budget, 1 s/2 s/10 s, jitter 2 s). */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration maxDelay = Duration.ofSeconds(60);
        private Duration exponentialMultiplier = Duration.ofSeconds(1);
        private Duration exponentialMin = Duration.ofSeconds(2);
        private Duration exponentialMax = Duration.ofSeconds(10);
        private boolean jitter = true;
        private Duration jitterMax = Duration.ofSeconds(2);
        private BackoffMode backoffMode = BackoffMode.EXPONENTIAL;
        private Duration fixedDelay = Duration.ofSeconds(2);

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The total time budget of a logical call, retries and waits included. */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
            return this;
        }

        public Builder exponentialMultiplier(Duration exponentialMultiplier) {
            this.exponentialMultiplier = exponentialMultiplier;
            return this;
        }

        public Builder exponentialMin(Duration exponentialMin) {
            this.exponentialMin = exponentialMin;
            return this;
        }

        public Builder exponentialMax(Duration exponentialMax) {
            this.exponentialMax = exponentialMax;
            return this;
        }

        /**
         * The whole exponential backoff in one call: the first delay, doubled for each later attempt, kept between
         * {@code min} and {@code max}.
         */
        public Builder exponentialBackoff(Duration first, Duration min, Duration max) {
            this.backoffMode = BackoffMode.EXPONENTIAL;
            return exponentialMultiplier(first).exponentialMin(min).exponentialMax(max);
        }

        public Builder jitter(boolean jitter) {
            this.jitter = jitter;
            return this;
        }

        /** Enables jitter of up to {@code jitterMax}. */
        public Builder jitterMax(Duration jitterMax) {
            this.jitterMax = jitterMax;
            return this;
        }

        public Builder backoffMode(BackoffMode backoffMode) {
            this.backoffMode = backoffMode;
            return this;
        }

        /**
         * Switches to {@link BackoffMode#FIXED} with this delay. A later {@link #backoffMode} call still decides
         * the mode: {@code fixedDelay(d).backoffMode(EXPONENTIAL)} keeps the delay for a later switch but backs
         * off exponentially.
         */
        public Builder fixedDelay(Duration fixedDelay) {
            this.fixedDelay = fixedDelay;
            this.backoffMode = BackoffMode.FIXED;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range
         * @throws NullPointerException naming the field, if a duration is {@code null}
         */
        public RetryConfig build() {
            return new RetryConfig(maxAttempts, maxDelay, exponentialMultiplier, exponentialMin,
                    exponentialMax, jitter, jitterMax, backoffMode, fixedDelay);
        }
    }
}
