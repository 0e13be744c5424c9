package dev.airesilience.config;

import static dev.airesilience.internal.Preconditions.checkNotNull;
import static dev.airesilience.internal.Preconditions.checkRange;

import java.time.Duration;

/**
 * How a logical call is retried. Immutable; validated on construction.
 *
 * @param maxAttempts total attempts, <em>including</em> the first call (1–20)
 * @param maxDelaySeconds the total time budget of the logical call in seconds (1–3600); no sleep is started
 *     that would end past it
 * @param exponentialMultiplier base of the exponential backoff in seconds (0.1–10.0)
 * @param exponentialMin lower clamp of the exponential delay in seconds (0.1–60.0)
 * @param exponentialMax upper clamp of the exponential delay in seconds (1.0–3600.0), at least {@code exponentialMin}
 * @param jitter whether a uniform random delay in {@code [0, jitterMax]} is added
 * @param jitterMax upper bound of the jitter in seconds (0.1–60.0)
 * @param backoffMode exponential (default) or fixed delays
 * @param fixedDelaySeconds the delay in {@link BackoffMode#FIXED} mode (0.0–3600.0)
 */
public record RetryConfig(
        int maxAttempts,
        int maxDelaySeconds,
        double exponentialMultiplier,
        double exponentialMin,
        double exponentialMax,
        boolean jitter,
        double jitterMax,
        BackoffMode backoffMode,
        double fixedDelaySeconds) {

    /** The seed's {@code RetryConfig()} defaults. */
    public static final RetryConfig DEFAULT = builder().build();

    public RetryConfig {
        checkRange("maxAttempts", maxAttempts, 1, 20);
        checkRange("maxDelaySeconds", maxDelaySeconds, 1, 3600);
        checkRange("exponentialMultiplier", exponentialMultiplier, 0.1, 10.0);
        checkRange("exponentialMin", exponentialMin, 0.1, 60.0);
        checkRange("exponentialMax", exponentialMax, 1.0, 3600.0);
        checkRange("jitterMax", jitterMax, 0.1, 60.0);
        checkNotNull("backoffMode", backoffMode);
        checkRange("fixedDelaySeconds", fixedDelaySeconds, 0.0, 3600.0);
        if (exponentialMin > exponentialMax) {
            throw new IllegalArgumentException("exponentialMin must not exceed exponentialMax, but was "
                    + exponentialMin + " > " + exponentialMax);
        }
    }

    /** The total time budget as a duration. */
    public Duration maxDelay() {
        return Duration.ofSeconds(maxDelaySeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding exactly these values, backoff mode included (an exponential config stays exponential). */
    public Builder toBuilder() {
        Builder builder = new Builder()
                .maxAttempts(maxAttempts)
                .maxDelaySeconds(maxDelaySeconds)
                .exponentialMultiplier(exponentialMultiplier)
                .exponentialMin(exponentialMin)
                .exponentialMax(exponentialMax)
                .jitter(jitter)
                .jitterMax(jitterMax)
                .backoffMode(backoffMode);
        // Set directly: the fixedDelaySeconds(...) setter also switches to FIXED.
        builder.fixedDelaySeconds = fixedDelaySeconds;
        return builder;
    }

    /** Builds a {@link RetryConfig}; starts from the seed's defaults (3 attempts, 60 s budget, 1.0/2.0/10.0, jitter 2.0). */
    public static final class Builder {
        private int maxAttempts = 3;
        private int maxDelaySeconds = 60;
        private double exponentialMultiplier = 1.0;
        private double exponentialMin = 2.0;
        private double exponentialMax = 10.0;
        private boolean jitter = true;
        private double jitterMax = 2.0;
        private BackoffMode backoffMode = BackoffMode.EXPONENTIAL;
        private double fixedDelaySeconds = 2.0;

        private Builder() {}

        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        public Builder maxDelaySeconds(int maxDelaySeconds) {
            this.maxDelaySeconds = maxDelaySeconds;
            return this;
        }

        public Builder exponentialMultiplier(double exponentialMultiplier) {
            this.exponentialMultiplier = exponentialMultiplier;
            return this;
        }

        public Builder exponentialMin(double exponentialMin) {
            this.exponentialMin = exponentialMin;
            return this;
        }

        public Builder exponentialMax(double exponentialMax) {
            this.exponentialMax = exponentialMax;
            return this;
        }

        public Builder jitter(boolean jitter) {
            this.jitter = jitter;
            return this;
        }

        public Builder jitterMax(double jitterMax) {
            this.jitterMax = jitterMax;
            return this;
        }

        public Builder backoffMode(BackoffMode backoffMode) {
            this.backoffMode = backoffMode;
            return this;
        }

        /**
         * Switches to {@link BackoffMode#FIXED} with this delay. A later {@link #backoffMode} call still decides
         * the mode: {@code fixedDelaySeconds(2).backoffMode(EXPONENTIAL)} keeps the delay for a later switch but
         * backs off exponentially.
         */
        public Builder fixedDelaySeconds(double fixedDelaySeconds) {
            this.fixedDelaySeconds = fixedDelaySeconds;
            this.backoffMode = BackoffMode.FIXED;
            return this;
        }

        /** @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range */
        public RetryConfig build() {
            return new RetryConfig(maxAttempts, maxDelaySeconds, exponentialMultiplier, exponentialMin,
                    exponentialMax, jitter, jitterMax, backoffMode, fixedDelaySeconds);
        }
    }
}
