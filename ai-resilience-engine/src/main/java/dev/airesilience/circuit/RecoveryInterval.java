package dev.airesilience.circuit;

import dev.airesilience.config.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * How long an open circuit waits before its next trial: Resilience4j's shape (an interval per consecutive open,
 * {@code waitIntervalFunctionInOpenState}), in nanoseconds of our monotonic clock and jittered by the injected
 * random. Off ({@link CircuitBreakerConfig#fastRecovery()} false), every open period is {@code recoveryTimeout}.
 */
final class RecoveryInterval {

    /** ±10%: enough to spread the trials of many instances that opened together, small enough to stay predictable. */
    static final double JITTER = 0.1;

    private RecoveryInterval() {}

    /**
     * The {@code opens}-th consecutive open period (1: just opened from closed; each failed trial adds one):
     * {@code initial × multiplier^(opens−1) × jitter}, capped by {@code recoveryTimeout}. A capped period is exact, so
     * the cap is the seed's interval and never less.
     */
    static long nanos(CircuitBreakerConfig settings, int opens, double jitter) {
        long cap = settings.recoveryTimeout().toNanos();
        if (!settings.fastRecovery()) {
            return cap;
        }
        double base = settings.recoveryInitialInterval().toNanos()
                * Math.pow(settings.recoveryMultiplier(), Math.max(0, opens - 1));
        return base >= cap ? cap : Math.min(cap, Math.round(base * jitter));
    }

    /** A jitter factor in [1 − {@link #JITTER}, 1 + {@link #JITTER}); 1 for a draw of one half. */
    static double draw(RandomGenerator random) {
        return 1 + JITTER * (2 * random.nextDouble() - 1);
    }

    /** The interval for Resilience4j tooling, without jitter (it is drawn per open), in its unit: milliseconds. */
    static IntervalFunction describe(CircuitBreakerConfig settings) {
        return attempt -> Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos(settings, attempt, 1.0)));
    }
}
