package dev.airesilience.internal;

import dev.airesilience.config.BackoffMode;
import dev.airesilience.config.RetryConfig;
import java.util.random.RandomGenerator;

/** The delay before the next attempt: a pure function of the configuration, the attempt and the random source. */
public final class Backoff {

    private Backoff() {}

    /**
     * Delay in nanoseconds before attempt {@code attemptsSoFar + 1}: {@code clamp(multiplier * 2^(k-1), min, max)}
     * (or the fixed delay), plus uniform jitter in {@code [0, jitterMax]} when enabled.
     *
     * @param attemptsSoFar attempts already made, at least 1
     */
    public static long delayNanos(RetryConfig config, int attemptsSoFar, RandomGenerator random) {
        double seconds;
        if (config.backoffMode() == BackoffMode.FIXED) {
            seconds = config.fixedDelaySeconds();
        } else {
            double exponential = config.exponentialMultiplier() * Math.pow(2, attemptsSoFar - 1);
            seconds = Math.max(config.exponentialMin(), Math.min(exponential, config.exponentialMax()));
        }
        if (config.jitter()) {
            seconds += random.nextDouble() * config.jitterMax();
        }
        return (long) (seconds * 1_000_000_000L);
    }
}
