package dev.airesilience.pipeline;

import dev.airesilience.classify.Classification;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.quota.Usage;
import java.time.Duration;

/** What a {@link CallStage} sees of the logical call it takes part in. Implemented by the engine only. */
public interface StageCall {

    /** The operation's name. */
    String operation();

    /** The configuration this call runs with, fixed for the whole call. */
    ResilienceConfig config();

    /** Attempts made so far (0 before the first). */
    int attempts();

    /** Nanoseconds left of the call's time budget at {@code nowNanos} (negative once it is spent). */
    long remainingNanos(long nowNanos);

    /** When the last attempt started (the injected monotonic clock). */
    long attemptStartNanos();

    /** The last attempt's failure, or null before one failed. */
    Throwable lastFailure();

    /** How the last failure was classified, or null before one failed. */
    Classification lastClassification();

    /** The last failure's {@code Retry-After} in nanoseconds, capped, or 0 when it had none. */
    long lastRetryAfterNanos();

    /** Whether a stage before this one has already stopped the call in the current {@link CallStage#afterFailure}. */
    boolean stopping();

    /**
     * This stage's per-call value, -1 until it sets one: what {@link CallStage#beforeAttempt} took (a permit) and
     * the later hooks give back or settle.
     */
    long ticket();

    void ticket(long value);

    /**
     * Names why the call ends when this stage's {@link CallStage#STOP} ends it, instead of the last failure's
     * reason (a retry budget says {@link CallReason#RETRY_BUDGET}); the call records it, the stage only declares it.
     */
    void stopReason(CallReason reason);

    /**
     * Rejects the call before its first attempt, as {@link CallStage#REFUSE} then says: {@code rejection} is what
     * the caller gets (or the fallback sees), {@code reason} its reason in events and metrics, and
     * {@code retryAfter} when trying again may succeed.
     */
    void reject(RuntimeException rejection, CallReason reason, Duration retryAfter);

    /** The quota this call counts against (a routed call's target's), or null when it has none. */
    QuotaConfig quota();

    /** The tokens this call is estimated to use (prompt plus allowed completion); 0 when not said. */
    long estimatedTokens();

    /** What the last attempt's response reported it used, or {@link Usage#UNKNOWN}. */
    Usage usage();
}
