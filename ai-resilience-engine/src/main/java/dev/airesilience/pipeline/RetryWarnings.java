package dev.airesilience.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * Keeps retry logging readable during an outage: per operation, at most one WARN line per {@link #INTERVAL_NANOS}
 * of the injected monotonic clock, carrying the number of retries since the previous one; the retries in between
 * are logged at DEBUG. One line per retry would flood the log exactly when someone needs to read it.
 */
final class RetryWarnings {

    /** At most one retry WARN per operation in this time. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final long NEVER = Long.MIN_VALUE;

    private static final VarHandle NEXT_WARNING;
    private static final VarHandle SINCE_WARNING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_WARNING = lookup.findVarHandle(RetryWarnings.class, "nextWarningNanos", long.class);
            SINCE_WARNING = lookup.findVarHandle(RetryWarnings.class, "sinceWarning", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Plain fields behind VarHandles, not AtomicLongs: every operation keeps one of these, most never retry.
    private volatile long nextWarningNanos = NEVER;
    @SuppressWarnings("unused") // through SINCE_WARNING
    private volatile long sinceWarning;

    /**
     * Counts a retry made at {@code nowNanos}. Returns how many retries the WARN line to write now reports (this one
     * included, at least 1), or 0 when this retry belongs at DEBUG.
     */
    long retry(long nowNanos) {
        SINCE_WARNING.getAndAdd(this, 1L);
        long next = nextWarningNanos;
        if (next != NEVER && nowNanos - next < 0) {
            return 0;
        }
        if (!NEXT_WARNING.compareAndSet(this, next, nowNanos + INTERVAL_NANOS)) {
            return 0; // another retry of this operation took this interval's warning
        }
        return (long) SINCE_WARNING.getAndSet(this, 0L);
    }
}
