package dev.airesilience.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps retry logging readable during an outage: per operation, at most one WARN line per {@link #INTERVAL_NANOS}
 * of the injected monotonic clock, carrying the number of retries since the previous one; the retries in between
 * are logged at DEBUG. One line per retry would flood the log exactly when someone needs to read it.
 */
final class RetryWarnings {

    /** At most one retry WARN per operation in this time. */
    static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final long NEVER = Long.MIN_VALUE;

    private final AtomicLong nextWarningNanos = new AtomicLong(NEVER);
    private final AtomicLong sinceWarning = new AtomicLong();

    /**
     * Counts a retry made at {@code nowNanos}. Returns how many retries the WARN line to write now reports (this one
     * included, at least 1), or 0 when this retry belongs at DEBUG.
     */
    long retry(long nowNanos) {
        sinceWarning.incrementAndGet();
        long next = nextWarningNanos.get();
        if (next != NEVER && nowNanos - next < 0) {
            return 0;
        }
        if (!nextWarningNanos.compareAndSet(next, nowNanos + INTERVAL_NANOS)) {
            return 0; // another retry of this operation took this interval's warning
        }
        return sinceWarning.getAndSet(0);
    }
}
