package dev.airesilience.hedge;

import dev.airesilience.config.HedgeConfig;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operation's hedge budget, Finagle's backup-request budget as a token bucket (like the retry budget): empty at
 * the start, every attempt that may hedge adds {@code budgetRatio} of a token, every hedge sent takes one, and the
 * bucket keeps at most {@link HedgeConfig#BUDGET_CAPACITY}. Over any stretch of traffic the hedges sent are at most
 * the capacity plus the ratio of the attempts, so a provider that slows down for everyone sees a bounded share of
 * extra load. Tokens are kept in thousandths, so the arithmetic is exact. Lock-free.
 */
public final class HedgeBudget {

    private static final long MILLI = 1000;
    private static final long CAPACITY = HedgeConfig.BUDGET_CAPACITY * MILLI;

    private final AtomicLong milliTokens = new AtomicLong();

    /** An attempt that may hedge: the bucket gains {@code ratio} of a token. */
    public void deposit(HedgeConfig config) {
        long add = Math.round(config.budgetRatio() * MILLI);
        // Nothing to write while the bucket is full: a fast operation's attempts touch no shared state.
        if (milliTokens.get() < CAPACITY) {
            milliTokens.accumulateAndGet(add, (current, more) -> Math.min(CAPACITY, current + more));
        }
    }

    /** Whether a whole token is there now (a hedge could be paid for). */
    public boolean available() {
        return milliTokens.get() >= MILLI;
    }

    /** Takes one token for a hedge; false, and nothing taken, when less than one is left. */
    public boolean tryAcquire() {
        long current;
        do {
            current = milliTokens.get();
            if (current < MILLI) {
                return false;
            }
        } while (!milliTokens.compareAndSet(current, current - MILLI));
        return true;
    }

    /** Gives back the token of a hedge that was not sent after all (a stage refused it). */
    public void refund() {
        milliTokens.accumulateAndGet(MILLI, (current, more) -> Math.min(CAPACITY, current + more));
    }

    /** Tokens left, in thousandths: for reports and tests. */
    public long milliTokens() {
        return milliTokens.get();
    }
}
