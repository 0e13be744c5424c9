package dev.airesilience.recording;

import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.HedgeEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.LatencySnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Live counters of one operation, counted from the events the calls publish: each logical call's one
 * {@link CallCompletedEvent}, its {@link HedgeEvent}s and the breaker's {@link CircuitStateChangeEvent}s, the same objects listeners (the
 * Micrometer binder, the dashboard) receive, so none of them can disagree. Every increment is atomic, so counts
 * are exact under contention and never block. A logical call ends in exactly one of three disjoint outcomes:
 * successful, failed (the function ran and the call failed) or rejected (the function never ran: open circuit,
 * cooldown). The total is derived from them, as the seed's §6.2 defines it.
 *
 * <p>Thousands of operations may sit idle, and a success is the path to keep short, so the recorder keeps what a
 * successful call needs, the latency histogram of successes, whose count is the number of successful calls, and
 * allocates the rest, {@link Troubles}, on the first call that does not succeed at the first attempt, on the first
 * hedge, or on the first breaker transition. The failed, rejected and fallback counts are the sums of the per-reason counts, which every such
 * call increments anyway; the reported latency merges the histograms of successes and failures, which is exactly the
 * histogram of both.
 */
public final class MetricsRecorder {

    private static final long NEVER = Long.MIN_VALUE;
    private static final CallOutcome[] OUTCOMES = CallOutcome.values();
    private static final CallReason[] REASONS = CallReason.values();

    // Monotonic timestamps: recording them costs no allocation; they become Instants only in snapshots.
    @SuppressWarnings("unused") // through LAST_SUCCESS
    private volatile long lastSuccessNanos = NEVER;
    /** Latencies of the successful calls, and so their count; null until the first success. */
    private volatile LatencyHistogram successes;
    /** Null until the first call that did not succeed at once (or the first breaker transition). */
    private volatile Troubles troubles;
    /** Streamed calls only: null until the operation's first stream starts. */
    private volatile LatencyHistogram timeToFirstToken;

    private static final VarHandle LAST_SUCCESS;
    private static final VarHandle SUCCESSES;
    private static final VarHandle TROUBLES;
    private static final VarHandle TIME_TO_FIRST_TOKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            LAST_SUCCESS = lookup.findVarHandle(MetricsRecorder.class, "lastSuccessNanos", long.class);
            SUCCESSES = lookup.findVarHandle(MetricsRecorder.class, "successes", LatencyHistogram.class);
            TROUBLES = lookup.findVarHandle(MetricsRecorder.class, "troubles", Troubles.class);
            TIME_TO_FIRST_TOKEN = lookup.findVarHandle(MetricsRecorder.class, "timeToFirstToken", LatencyHistogram.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Counts a completed call, which ended at monotonic time {@code nowNanos}. A fallback's call is also a failure or
     * a rejection (by its reason). Only a call that made an attempt is timed: a rejection never waited for the provider.
     */
    public void record(CallCompletedEvent event, long nowNanos) {
        record(event.outcome(), event.reason(), event.attempts(), event.latencyNanos(), nowNanos);
    }

    /**
     * {@link #record(CallCompletedEvent, long)} from the values the event carries: how the engine counts a call
     * without building its event when no listener would see it, so the happy path allocates no event.
     */
    public void record(CallOutcome outcome, CallReason reason, int attempts, long latencyNanos, long nowNanos) {
        record(outcome, reason, attempts, latencyNanos, nowNanos, null);
    }

    /**
     * As above; {@code failure} is what ended a call that ran and did not succeed (kept as its last error for
     * reports, unless the call was aborted), null for one that succeeded or never ran.
     */
    public void record(CallOutcome outcome, CallReason reason, int attempts, long latencyNanos, long nowNanos,
            Throwable failure) {
        if (outcome == CallOutcome.SUCCESS) {
            successes().recordNanos(latencyNanos); // counts the success too
            // A release store is enough for a "last seen" time and, unlike a volatile one, costs no fence.
            LAST_SUCCESS.setRelease(this, nowNanos);
            if (attempts > 1) {
                troubles().retried(attempts - 1); // the first attempt of a success is counted with the success
            }
            return;
        }
        boolean rejection = isRejection(reason);
        boolean failed = outcome == CallOutcome.FAILURE || (outcome == CallOutcome.FALLBACK && !rejection);
        Troubles troubles = troubles();
        troubles.ended(outcome, reason, attempts, failed ? nowNanos : NEVER);
        if (attempts > 0) {
            // Timed only when it ran: its count is also the number of calls that ran without success.
            troubles.latency.recordNanos(latencyNanos);
            if (failure != null && reason != CallReason.ABORTED) {
                // Kept with a release store, not a volatile one; described only when a report asks (lastError()).
                Troubles.LAST_ERROR.setRelease(troubles, failure);
            }
        }
    }

    /** The failure that last ended a call that ran (its time is the metrics' {@code last_failure}); null when none has. */
    public Throwable lastError() {
        Troubles seen = troubles;
        return seen == null ? null : (Throwable) Troubles.LAST_ERROR.getAcquire(seen);
    }

    /** A hedge was sent, or answered its attempt. */
    public void record(HedgeEvent event) {
        troubles().hedged(event.won());
    }

    public void record(CircuitStateChangeEvent event) {
        troubles().transitioned(event.to());
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

    /** The reasons for which the function never ran. */
    public static boolean isRejection(CallReason reason) {
        return reason == CallReason.CIRCUIT_OPEN || reason == CallReason.RATE_LIMITED
                || reason == CallReason.CLIENT_THROTTLED;
    }

    private LatencyHistogram successes() {
        LatencyHistogram histogram = successes;
        if (histogram != null) {
            return histogram;
        }
        // Allocated on first use: an idle operation should cost as little memory as possible.
        LatencyHistogram fresh = new LatencyHistogram();
        return SUCCESSES.compareAndSet(this, null, fresh) ? fresh : successes;
    }

    private Troubles troubles() {
        Troubles current = troubles;
        if (current != null) {
            return current;
        }
        Troubles fresh = new Troubles();
        return TROUBLES.compareAndSet(this, null, fresh) ? fresh : troubles;
    }

    public ResilienceMetrics snapshot(TimeSource time) {
        // Failed, rejected and fallback counts are summed from one read of the per-reason counts, so they agree with
        // the reasons map of the same snapshot even while calls complete.
        LatencyHistogram succeeded = successes;
        long successfulNow = succeeded == null ? 0 : succeeded.count();
        LatencyHistogram firstToken = timeToFirstToken;
        LatencySnapshot firstTokenNow = firstToken == null ? null : firstToken.snapshot();
        Instant lastSuccess = toInstant(time, (long) LAST_SUCCESS.getAcquire(this));
        Troubles seen = troubles;
        LatencySnapshot latencyNow = LatencyHistogram.snapshot(succeeded, seen == null ? null : seen.latency);
        if (seen == null) {
            return ResilienceMetrics.of(successfulNow, 0, 0, successfulNow, 0, 0, 0, null, lastSuccess, 0, 0,
                    Map.of(), latencyNow, firstTokenNow, 0, 0);
        }
        long failed = 0;
        long rejected = 0;
        long fallbacks = 0;
        Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
        for (CallOutcome outcome : OUTCOMES) {
            if (outcome == CallOutcome.SUCCESS) {
                continue;
            }
            for (CallReason reason : REASONS) {
                long count = seen.count(outcome, reason);
                if (count == 0) {
                    continue;
                }
                reasons.computeIfAbsent(outcome.tag(), o -> new LinkedHashMap<>()).put(reason.tag(), count);
                if (outcome == CallOutcome.REJECTED) {
                    rejected += count;
                } else if (outcome == CallOutcome.FALLBACK) {
                    fallbacks += count; // a fallback's call is also a failure or a rejection, by its reason
                    if (isRejection(reason)) {
                        rejected += count;
                    } else {
                        failed += count;
                    }
                } else {
                    failed += count;
                }
            }
        }
        long retries = seen.retries();
        long attempts = successfulNow + seen.ranWithoutSuccess() + retries;
        return ResilienceMetrics.of(successfulNow, failed, retries, attempts, seen.opens(), seen.halfOpens(),
                seen.closes(), toInstant(time, seen.lastFailureNanos()), lastSuccess, rejected, fallbacks, reasons,
                latencyNow, firstTokenNow, seen.hedges(), seen.hedgesWon());
    }

    public static Instant toInstant(TimeSource time, long monotonicNanos) {
        if (monotonicNanos == NEVER) {
            return null;
        }
        return time.now().minusNanos(time.nanoTime() - monotonicNanos);
    }

    /**
     * What only calls that failed, retried or were rejected touch, and breaker transitions. Counts by outcome and
     * reason are one array; attempts are not counted per call but derived: every success made one attempt plus its
     * retries, every other call that ran made one plus its retries.
     */
    private static final class Troubles {

        /** Counters by (outcome other than SUCCESS, reason), then the scalar counters at the end. */
        private static final int BY_REASON = (OUTCOMES.length - 1) * REASONS.length;
        private static final int RETRIES = BY_REASON;
        private static final int OPENS = BY_REASON + 1;
        private static final int HALF_OPENS = BY_REASON + 2;
        private static final int CLOSES = BY_REASON + 3;
        private static final int LAST_FAILURE = BY_REASON + 4;
        private static final int HEDGES = BY_REASON + 5;
        private static final int HEDGES_WON = BY_REASON + 6;

        private static final VarHandle LAST_ERROR;

        static {
            try {
                LAST_ERROR = MethodHandles.lookup().findVarHandle(Troubles.class, "lastError", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final AtomicLongArray counts = new AtomicLongArray(BY_REASON + 7);
        /** The failure that last ended a call; through {@link #LAST_ERROR} (release and acquire). */
        @SuppressWarnings("unused")
        private Throwable lastError;
        /** Latencies of the calls that made an attempt and did not succeed. */
        final LatencyHistogram latency = new LatencyHistogram();

        Troubles() {
            counts.set(LAST_FAILURE, NEVER);
        }

        private static int slot(CallOutcome outcome, CallReason reason) {
            int row = outcome.ordinal() - (outcome.ordinal() > CallOutcome.SUCCESS.ordinal() ? 1 : 0); // SUCCESS has no row
            return row * REASONS.length + reason.ordinal();
        }

        void retried(long retries) {
            counts.getAndAdd(RETRIES, retries);
        }

        /** A call that did not succeed; {@code failedAtNanos} is {@link #NEVER} unless it counts as a failure. */
        void ended(CallOutcome outcome, CallReason reason, int attempts, long failedAtNanos) {
            counts.getAndIncrement(slot(outcome, reason));
            if (attempts > 1) {
                counts.getAndAdd(RETRIES, attempts - 1); // re-attempts made, counted once the call is settled
            }
            if (failedAtNanos != NEVER) {
                counts.setRelease(LAST_FAILURE, failedAtNanos);
            }
        }

        /** A hedge was sent, or ({@code won}) answered its attempt. */
        void hedged(boolean won) {
            counts.getAndIncrement(won ? HEDGES_WON : HEDGES);
        }

        long hedges() {
            return counts.get(HEDGES);
        }

        long hedgesWon() {
            return counts.get(HEDGES_WON);
        }

        void transitioned(CircuitState to) {
            switch (to) {
                case OPEN:
                    counts.getAndIncrement(OPENS);
                    break;
                case HALF_OPEN:
                    counts.getAndIncrement(HALF_OPENS);
                    break;
                default:
                    counts.getAndIncrement(CLOSES);
                    break;
            }
        }

        long count(CallOutcome outcome, CallReason reason) {
            return counts.get(slot(outcome, reason));
        }

        long retries() {
            return counts.get(RETRIES);
        }

        /** The calls that ran (made an attempt) and did not succeed: exactly the ones {@link #latency} timed. */
        long ranWithoutSuccess() {
            return latency.count();
        }

        long opens() {
            return counts.get(OPENS);
        }

        long halfOpens() {
            return counts.get(HALF_OPENS);
        }

        long closes() {
            return counts.get(CLOSES);
        }

        long lastFailureNanos() {
            return counts.getAcquire(LAST_FAILURE);
        }
    }
}
