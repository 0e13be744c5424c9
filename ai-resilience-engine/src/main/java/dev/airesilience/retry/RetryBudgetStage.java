package dev.airesilience.retry;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operation's retry budget, gRPC's retry throttling: a bucket of tokens, full at the start; each transient or
 * rate-limited failed attempt takes one, each success gives back {@code tokenRatio}; a retry is allowed only while
 * more than half the bucket is left. Chosen over Envoy's budget (retries in flight at most a share of the active
 * requests) because it needs no count of calls in flight, only one atomic per operation, and it is deterministic:
 * N failures during an outage allow an exact number of retries, and successes, not time, earn them back.
 *
 * <p>It stops a call that would otherwise retry and names {@link CallReason#RETRY_BUDGET} as why it ended; the
 * call keeps its last failure. Tokens are kept in thousandths, as gRPC keeps the ratio to three decimals, so the
 * arithmetic is exact. Off unless the call's configuration enables it.
 */
public final class RetryBudgetStage extends CallStage {

    private static final long MILLI = 1000;
    /** The bucket before its first use: full, whatever size the first configuration gives it. */
    private static final long FULL = Long.MIN_VALUE;

    private final AtomicLong milliTokens = new AtomicLong(FULL);

    /** Tokens left, in thousandths, under {@code config}. */
    public long milliTokens(RetryBudgetConfig config) {
        long tokens = milliTokens.get();
        long max = config.maxTokens() * MILLI;
        return tokens == FULL ? max : Math.min(tokens, max);
    }

    /** Fills the bucket again (a manual reset says the provider is fine again). */
    public void reset() {
        milliTokens.set(FULL);
    }

    @Override
    protected boolean keepsTicket() {
        return false; // per-call state: none
    }

    @Override
    protected boolean isActive(ResilienceConfig config) {
        return config.retryBudget().enabled();
    }

    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        RetryBudgetConfig config = call.config().retryBudget();
        FailureKind kind = call.lastClassification().kind();
        if (kind == FailureKind.PERMANENT) {
            return 0; // no sign of overload, and the retry policy stops the call anyway
        }
        long max = config.maxTokens() * MILLI;
        long left = milliTokens.updateAndGet(tokens -> Math.max(0, (tokens == FULL ? max : Math.min(tokens, max)) - MILLI));
        boolean wouldRetry = !call.stopping() && call.attempts() < call.config().effectiveMaxAttempts();
        if (!wouldRetry || left > max / 2) {
            return 0;
        }
        call.stopReason(CallReason.RETRY_BUDGET);
        return STOP;
    }

    @Override
    public void onSuccess(StageCall call, long nowNanos) {
        RetryBudgetConfig config = call.config().retryBudget();
        long max = config.maxTokens() * MILLI;
        long refill = Math.round(config.tokenRatio() * MILLI);
        long tokens = milliTokens.get();
        // Nothing to do while the bucket is full: the happy path writes no shared state.
        if (tokens != FULL && tokens < max) {
            milliTokens.accumulateAndGet(refill, (current, add) ->
                    current == FULL ? FULL : Math.min(max, Math.min(current, max) + add));
        }
    }
}
