package dev.airesilience.config;

import java.time.Duration;

/**
 * Hedged requests (Finagle's backup requests, Polly's hedging, gRPC hedging): when an attempt has not answered after
 * a delay, one more identical request is sent concurrently, the first success answers and the others are cancelled.
 * It trades a little extra load for a shorter tail, so it is off by default, allowed only for operations marked
 * {@linkplain ResilienceConfig#idempotent() idempotent}, and capped by a budget.
 *
 * @param enabled whether the operation's attempts hedge
 * @param delay with {@code percentile} 0, how long an attempt runs before a hedge is sent; otherwise the least
 *     delay, under which the percentile is never taken (a fast operation is not hedged after a few microseconds).
 *     Between 1 ms and 1 h; 10 ms by default.
 * @param percentile the percentile of the operation's recent successful request latencies after which a hedge is
 *     sent (95: p95), measured per operation; no hedge is sent before 20 latencies are known. 0 means the fixed
 *     {@code delay}. Between 0 and 99; 95 by default.
 * @param maxHedges how many hedges one attempt may send, one more per {@code delay} while none has answered;
 *     between 1 and 4 (gRPC's five requests in all); 1 by default.
 * @param budgetRatio hedges allowed per request: a bucket of tokens, empty at the start, that every attempt fills by
 *     this ratio and every hedge empties by one (at most {@link #BUDGET_CAPACITY} kept); between 0.001 and 1, 0.05
 *     (at most 5% extra requests) by default.
 */
public record HedgeConfig(boolean enabled, Duration delay, double percentile, int maxHedges, double budgetRatio) {

    /** Tokens the budget keeps at most: how many hedges a burst of slow requests may send before the ratio rules. */
    public static final int BUDGET_CAPACITY = 10;

    /** Off; when enabled: after p95 (at least 10 ms), one hedge, at most 5% extra requests. */
    public static final HedgeConfig DEFAULT = new HedgeConfig(false, Duration.ofMillis(10), 95, 1, 0.05);

    public HedgeConfig {
        ConfigKey.HEDGE_DELAY_SECONDS.check(delay);
        ConfigKey.HEDGE_PERCENTILE.check(percentile);
        ConfigKey.HEDGE_MAX_HEDGES.check(maxHedges);
        ConfigKey.HEDGE_BUDGET_RATIO.check(budgetRatio);
    }

    /** This configuration enabled (or not), same delay, hedges and budget. */
    public HedgeConfig withEnabled(boolean enabled) {
        return new HedgeConfig(enabled, delay, percentile, maxHedges, budgetRatio);
    }

    /** Whether the delay is a percentile of measured latencies rather than fixed. */
    public boolean adaptive() {
        return percentile > 0;
    }

    /** Enabled, after p95 of the operation's latencies (at least 10 ms), one hedge, at most 5% extra requests. */
    public static HedgeConfig enabledDefaults() {
        return DEFAULT.withEnabled(true);
    }

    /** Enabled, one hedge after a fixed {@code delay}, at most 5% extra requests. */
    public static HedgeConfig fixed(Duration delay) {
        return new HedgeConfig(true, delay, 0, 1, DEFAULT.budgetRatio);
    }

    /** Enabled, one hedge after the {@code percentile} of the operation's latencies, at most 5% extra requests. */
    public static HedgeConfig atPercentile(double percentile) {
        return new HedgeConfig(true, DEFAULT.delay, percentile, 1, DEFAULT.budgetRatio);
    }
}
