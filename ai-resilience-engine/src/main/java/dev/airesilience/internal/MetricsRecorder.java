package dev.airesilience.internal;

import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.metrics.LatencySnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one operation, counted from the events the calls publish: each logical call's one
 * {@link CallCompletedEvent} and the breaker's {@link CircuitStateChangeEvent}s, the same objects listeners (the
 * Micrometer binder, the dashboard) receive, so none of them can disagree. Every counter is a {@link LongAdder}, so
 * increments are exact under contention and never block. A logical call ends in exactly one of three disjoint
 * outcomes: successful, failed (the function ran and the call failed) or rejected (the function never ran: open
 * circuit, cooldown). The total is derived from them, as the seed's §6.2 defines it.
 */
public final class MetricsRecorder {

    private static final long NEVER = Long.MIN_VALUE;
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();
    private static final CallReason[] REASONS = CallReason.values();

    final LongAdder successful = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder fallbacks = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder attempts = new LongAdder();
    final LongAdder opens = new LongAdder();
    final LongAdder halfOpens = new LongAdder();
    final LongAdder closes = new LongAdder();
    /** Calls that did not succeed, by outcome and reason; touched only off the happy path. */
    private final AtomicLongArray byReason = new AtomicLongArray(OUTCOMES.length * REASONS.length);

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

    /**
     * Counts a completed call, which ended at monotonic time {@code nowNanos}. A fallback's call is also a failure or
     * a rejection (by its reason); rejections are not timed, they never waited for the provider.
     */
    public void record(CallCompletedEvent event, long nowNanos) {
        boolean rejection = isRejection(event.reason());
        switch (event.outcome()) {
            case SUCCESS:
                successful.increment();
                lastSuccessNanos = nowNanos;
                break;
            case REJECTED:
                rejected.increment();
                break;
            case FALLBACK:
                fallbacks.increment();
                if (rejection) {
                    rejected.increment();
                } else {
                    failed.increment();
                    lastFailureNanos = nowNanos;
                }
                break;
            default:
                failed.increment();
                lastFailureNanos = nowNanos;
                break;
        }
        int made = event.attempts();
        if (made > 0) {
            attempts.add(made);
            if (made > 1) {
                retries.add(made - 1); // re-attempts made, counted once the call is settled
            }
        }
        if (!rejection) {
            latency().recordNanos(event.latencyNanos());
        }
        if (event.outcome() != CallOutcome.SUCCESS) {
            byReason.incrementAndGet(event.outcome().ordinal() * REASONS.length + event.reason().ordinal());
        }
    }

    public void record(CircuitStateChangeEvent event) {
        switch (event.to()) {
            case OPEN:
                opens.increment();
                break;
            case HALF_OPEN:
                halfOpens.increment();
                break;
            default:
                closes.increment();
                break;
        }
    }

    /** A streamed call delivered its first element {@code nanos} after it started. */
    public void timeToFirstToken(long nanos) {
        LatencyHistogram histogram = timeToFirstToken;
        if (histogram == null) {
            TIME_TO_FIRST_TOKEN.compareAndSet(this, null, new LatencyHistogram());
            histogram = timeToFirstToken;
        }
        histogram.recordNanos(nanos);
    }

    public long lastFailureNanos() {
        return lastFailureNanos;
    }

    /** The reasons for which the function never ran. */
    public static boolean isRejection(CallReason reason) {
        return reason == CallReason.CIRCUIT_OPEN || reason == CallReason.RATE_LIMITED
                || reason == CallReason.CLIENT_THROTTLED;
    }

    public long count(CallOutcome outcome, CallReason reason) {
        return byReason.get(outcome.ordinal() * REASONS.length + reason.ordinal());
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

    public ResilienceMetrics snapshot(TimeSource time) {
        // The total is derived from the three disjoint outcome counters as read, so a snapshot taken while calls
        // complete is still consistent.
        long rejectedNow = rejected.sum();
        long failedNow = failed.sum();
        long successfulNow = successful.sum();
        LatencyHistogram histogram = latency;
        LatencyHistogram firstToken = timeToFirstToken;
        return ResilienceMetrics.of(successfulNow, failedNow, retries.sum(), attempts.sum(), opens.sum(),
                halfOpens.sum(), closes.sum(), toInstant(time, lastFailureNanos), toInstant(time, lastSuccessNanos),
                rejectedNow, fallbacks.sum(), reasons(), histogram == null ? LatencySnapshot.EMPTY : histogram.snapshot(),
                firstToken == null ? null : firstToken.snapshot());
    }

    /** Non-zero counts as {@code outcome -> reason -> count}, in enum order. */
    private Map<String, Map<String, Long>> reasons() {
        Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
        for (CallOutcome outcome : OUTCOMES) {
            for (CallReason reason : REASONS) {
                long count = count(outcome, reason);
                if (count > 0) {
                    reasons.computeIfAbsent(outcome.tag(), o -> new LinkedHashMap<>()).put(reason.tag(), count);
                }
            }
        }
        return reasons;
    }

    public static Instant toInstant(TimeSource time, long monotonicNanos) {
        if (monotonicNanos == NEVER) {
            return null;
        }
        return time.now().minusNanos(time.nanoTime() - monotonicNanos);
    }
}
