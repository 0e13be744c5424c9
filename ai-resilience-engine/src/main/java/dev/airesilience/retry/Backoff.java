package dev.airesilience.retry;

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
        long nanos;
        if (config.backoffMode() == BackoffMode.FIXED) {
            nanos = config.fixedDelay().toNanos();
        } else {
            // In double: 2^(k-1) overflows a long long before attempts run out of range; the clamp brings it back.
            double exponential = config.exponentialMultiplier().toNanos() * Math.pow(2, attemptsSoFar - 1);
            nanos = (long) Math.max(config.exponentialMin().toNanos(),
                    Math.min(exponential, (double) config.exponentialMax().toNanos()));
        }
        if (config.jitter()) {
            nanos += (long) (random.nextDouble() * config.jitterMax().toNanos());
        }
        return nanos;
    }
}
