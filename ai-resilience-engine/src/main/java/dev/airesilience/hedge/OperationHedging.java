package dev.airesilience.hedge;

import dev.airesilience.config.HedgeConfig;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;

/**
 * What the attempts of one operation share for hedging: the budget and, when the delay is a percentile, the recent
 * latencies. Made on the operation's first attempt with hedging on; thread-safe, lock-free.
 */
public final class OperationHedging {

    /** Attempts whose outcomes {@link #failingRecently()} looks at. */
    public static final int OUTCOME_WINDOW = Long.SIZE;
    /**
     * Failed attempts among the last {@link #OUTCOME_WINDOW} above which no hedge is sent (about 10%). A hedge is for a
     * provider that is slow, not for one that fails: to an overloaded provider (529s, timeouts) a second request only
     * adds to the queue that makes it fail, and can keep it down after the load that caused it has passed.
     */
    public static final int MAX_RECENT_FAILURES = 6;

    private final HedgeBudget budget = new HedgeBudget();
    private volatile RecentLatencies latencies;
    private static final LongUnaryOperator SHIFT_IN_FAILURE = bits -> bits << 1 | 1;
    private static final LongUnaryOperator SHIFT_IN_SUCCESS = bits -> bits << 1;

    /** The outcomes of the last {@link #OUTCOME_WINDOW} attempts, newest in the lowest bit; 1: failed. */
    private final AtomicLong recentOutcomes = new AtomicLong();

    public HedgeBudget budget() {
        return budget;
    }

    /** The recent latencies, made on first use: an operation hedging after a fixed delay keeps none. */
    public RecentLatencies latencies() {
        RecentLatencies current = latencies;
        if (current == null) {
            synchronized (this) { // once per operation, never around a call
                current = latencies;
                if (current == null) {
                    current = new RecentLatencies();
                    latencies = current;
                }
            }
        }
        return current;
    }

    /**
     * How long an attempt under {@code config} waits before its first hedge, in nanoseconds: the fixed delay, or the
     * percentile of the recent latencies but never less than the delay; -1 when not known yet (too few latencies).
     */
    public long delayNanos(HedgeConfig config) {
        long floor = config.delay().toNanos();
        if (!config.adaptive()) {
            return floor;
        }
        long measured = latencies().percentileNanos(config.percentile());
        return measured < 0 ? -1 : Math.max(floor, measured);
    }

    /**
     * An attempt of a hedging operation ended: {@code failed} when the provider failed it (a transient failure, a
     * rate limit, a timeout). An answer that says nothing about the provider's health (a permanent error) is not
     * reported.
     */
    public void attemptEnded(boolean failed) {
        recentOutcomes.getAndUpdate(failed ? SHIFT_IN_FAILURE : SHIFT_IN_SUCCESS);
    }

    /** Whether more than {@link #MAX_RECENT_FAILURES} of the last {@link #OUTCOME_WINDOW} attempts failed. */
    public boolean failingRecently() {
        return Long.bitCount(recentOutcomes.get()) > MAX_RECENT_FAILURES;
    }

    /**
     * A request under {@code config} answered successfully after {@code nanos}: kept when the delay is measured. Only
     * answers are kept, not the requests a hedge beat (they were cancelled, their latency is unknown); the bias this
     * leaves toward fast answers is bounded by the hedge budget, as in Finagle's backup requests.
     */
    public void succeeded(HedgeConfig config, long nanos) {
        if (config.adaptive()) {
            latencies().record(nanos);
        }
    }
}
