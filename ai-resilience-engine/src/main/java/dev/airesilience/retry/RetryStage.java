package dev.airesilience.retry;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import java.util.random.RandomGenerator;

/**
 * The retry policy: a permanent failure or the last allowed attempt stops the call; otherwise the next attempt
 * waits for the backoff, and at least for the provider's {@code Retry-After}.
 */
public final class RetryStage extends CallStage {

    private final RandomGenerator random;

    public RetryStage(RandomGenerator random) {
        this.random = random;
    }

    @Override
    protected boolean keepsTicket() {
        return false; // per-call state: none
    }

    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        if (call.lastClassification().kind() == FailureKind.PERMANENT
                || call.attempts() >= call.config().effectiveMaxAttempts()) {
            return STOP;
        }
        if (call.stopping()) {
            return 0; // no backoff is drawn for a retry that will not happen
        }
        return Math.max(Backoff.delayNanos(call.config().retry(), call.attempts(), random), call.lastRetryAfterNanos());
    }
}
