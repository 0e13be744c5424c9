package dev.airesilience.internal;

import java.time.Duration;

/** Time arithmetic that clamps instead of overflowing: a hostile or absurd duration must not wrap into the past. */
public final class Saturating {

    private Saturating() {}

    public static long add(long a, long b) {
        long sum = a + b;
        // Overflow only when both operands have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** The duration in nanoseconds, {@link Long#MAX_VALUE} beyond about 292 years, 0 when negative. */
    public static long nanos(Duration duration) {
        if (duration.isNegative()) {
            return 0;
        }
        return duration.getSeconds() >= Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : duration.toNanos();
    }
}
