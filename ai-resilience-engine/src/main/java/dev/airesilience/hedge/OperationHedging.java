package dev.airesilience.hedge;

import dev.airesilience.config.HedgeConfig;

/**
 * What the attempts of one operation share for hedging: the budget and, when the delay is a percentile, the recent
 * latencies. Made on the operation's first attempt with hedging on; thread-safe, lock-free.
 */
public final class OperationHedging {

    private final HedgeBudget budget = new HedgeBudget();
    private volatile RecentLatencies latencies;

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

    /** A successful request of an attempt under {@code config} took {@code nanos}: kept when the delay is measured. */
    public void succeeded(HedgeConfig config, long nanos) {
        if (config.adaptive()) {
            latencies().record(nanos);
        }
    }
}
