package dev.airesilience.internal;

import dev.airesilience.metrics.LatencySnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one operation or breaker. Every counter is a {@link LongAdder}, so increments are exact
 * under contention and never block. A logical call ends in exactly one of three disjoint outcomes: successful,
 * failed (the function ran and the call failed) or rejected (the function never ran: open circuit, cooldown). The
 * total is derived from them, as the seed's §6.2 defines it.
 */
final class MetricsRecorder {

    private static final long NEVER = Long.MIN_VALUE;

    final LongAdder successful = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final LongAdder opens = new LongAdder();
    final LongAdder halfOpens = new LongAdder();
    final LongAdder closes = new LongAdder();

    // Monotonic timestamps: recording them costs no allocation; they become Instants only in snapshots.
    private volatile long lastSuccessNanos = NEVER;
    private volatile long lastFailureNanos = NEVER;
    private volatile LatencyHistogram latency;
    /** Streamed calls only: null until the operation's first stream starts. */
    private volatile LatencyHistogram timeToFirstToken;

    private static final VarHandle LATENCY;
    private static final VarHandle TIME_TO_FIRST_TOKEN;

    static {
        try {
            LATENCY = MethodHandles.lookup().findVarHandle(MetricsRecorder.class, "latency", LatencyHistogram.class);
            TIME_TO_FIRST_TOKEN = MethodHandles.lookup().findVarHandle(MetricsRecorder.class, "timeToFirstToken",
                    LatencyHistogram.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A success; {@code latencyNanos < 0} counts it without timing it (as for breakers, whose metrics are counts). */
    void success(long nowNanos, long latencyNanos) {
        successful.increment();
        lastSuccessNanos = nowNanos;
        if (latencyNanos >= 0) {
            latency().recordNanos(latencyNanos);
        }
    }

    void failure(long nowNanos, long latencyNanos) {
        failed.increment();
        lastFailureNanos = nowNanos;
        if (latencyNanos >= 0) {
            latency().recordNanos(latencyNanos);
        }
    }

    /** A streamed call delivered its first element {@code nanos} after it started. */
    void timeToFirstToken(long nanos) {
        LatencyHistogram histogram = timeToFirstToken;
        if (histogram == null) {
            TIME_TO_FIRST_TOKEN.compareAndSet(this, null, new LatencyHistogram());
            histogram = timeToFirstToken;
        }
        histogram.recordNanos(nanos);
    }

    long lastFailureNanos() {
        return lastFailureNanos;
    }

    /** Forgets the last failure time (a manual breaker reset clears it). */
    void lastFailureReset() {
        lastFailureNanos = NEVER;
    }

    private LatencyHistogram latency() {
        LatencyHistogram histogram = latency;
        if (histogram != null) {
            return histogram;
        }
        // Allocated on first use: an idle operation should cost as little memory as possible.
        LatencyHistogram fresh = new LatencyHistogram();
        return LATENCY.compareAndSet(this, null, fresh) ? fresh : latency;
    }

    ResilienceMetrics snapshot(TimeSource time) {
        // The total is derived from the three disjoint outcome counters as read, so a snapshot taken while calls
        // complete is still consistent.
        long rejectedNow = rejected.sum();
        long failedNow = failed.sum();
        long successfulNow = successful.sum();
        LatencyHistogram histogram = latency;
        LatencyHistogram firstToken = timeToFirstToken;
        return ResilienceMetrics.of(successfulNow, failedNow, retries.sum(), attempts.sum(), opens.sum(),
                halfOpens.sum(), closes.sum(), toInstant(time, lastFailureNanos), toInstant(time, lastSuccessNanos),
                rejectedNow, fallbacks.sum(), histogram == null ? LatencySnapshot.EMPTY : histogram.snapshot(),
                firstToken == null ? null : firstToken.snapshot());
    }

    static Instant toInstant(TimeSource time, long monotonicNanos) {
        if (monotonicNanos == NEVER) {
            return null;
        }
        return time.now().minusNanos(time.nanoTime() - monotonicNanos);
    }
}
