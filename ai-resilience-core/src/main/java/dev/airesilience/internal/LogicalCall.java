package dev.airesilience.internal;

import dev.airesilience.FallbackContext;
import dev.airesilience.FallbackReason;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.AttemptFailedEvent;
import dev.airesilience.event.AttemptStartedEvent;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CallRejectedEvent;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.AIExceptions;
import dev.airesilience.context.ContextScope;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The decisions of one logical call, shared by the blocking and the asynchronous loop: admission (cooldown,
 * breaker), what a failure means, whether and how long to wait, and the accounting when the call ends.
 * The loops only differ in how they wait and how they deliver the result.
 *
 * <p>A logical call is driven by one thread at a time (the async loop hands it from stage to stage, with
 * happens-before edges from the futures). Only its end can be raced, by a cancellation or {@code close()} against
 * the step that settles it: {@link #claimEnd()} lets exactly one of them count it.
 */
final class LogicalCall {

    /** Returned by {@link #onFailure} when the call must end now. */
    static final long GIVE_UP = -1;

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(LogicalCall.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CallEngine engine;
    final OperationState op;
    final ResilienceConfig config;
    final Object argument;
    private final OperationBreaker breaker;
    private final long startNanos;
    private final long deadlineNanos;
    private final int maxAttempts;

    int attempts;
    private long permit = OperationBreaker.REJECTED;
    /** Whether the breaker already counted the last failed attempt (it counts attempts, not calls). */
    private boolean lastAttemptCounted;
    private long attemptStartNanos;
    private Throwable lastFailure;
    private Classification lastClassification;
    /** Why the call ended; set when its end is decided. */
    private CallReason reason = CallReason.NONE;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;
    // The call's propagated context and observation; null when the orchestrator has
    // neither, so a plain call allocates nothing for it.
    final CallContext context;
    private boolean aborted;

    LogicalCall(CallEngine engine, OperationState op, ResilienceConfig config, Object argument) {
        this(engine, op, config, argument, config.attemptTimeout() != null);
    }

    /** {@code mayMoveThreads}: part of the call may run on another thread. */
    LogicalCall(CallEngine engine, OperationState op, ResilienceConfig config, Object argument, boolean mayMoveThreads) {
        this.engine = engine;
        this.op = op;
        this.config = config;
        this.argument = argument;
        this.breaker = config.enableCircuitBreaker() ? engine.breakerFor(op, config.circuitBreaker()) : null;
        this.startNanos = engine.time.nanoTime();
        this.deadlineNanos = startNanos + config.retry().maxDelay().toNanos();
        this.maxAttempts = config.effectiveMaxAttempts();
        this.context = engine.contexts.start(op.name, config.strategy(), mayMoveThreads);
    }

    /**
     * Nanoseconds to wait for the shared rate-limit cooldown, or 0 when none holds the operation. Callers released
     * by the same cooldown do not all return at its last nanosecond: each adds a random share of the retry jitter
     * (at most the cooldown itself), so the provider sees a spread instead of a burst.
     */
    long cooldownWaitNanos() {
        long until = op.cooldownUntilNanos.get();
        if (until == Long.MIN_VALUE) {
            return 0;
        }
        long remaining = until - engine.time.nanoTime();
        if (remaining <= 0) {
            return 0;
        }
        if (!config.retry().jitter()) {
            return remaining;
        }
        long spread = Math.min(remaining, config.retry().jitterMax().toNanos());
        return Saturating.add(remaining, (long) (engine.random.nextDouble() * spread));
    }

    /** Nanoseconds the shared cooldown still holds the operation, without any spread. */
    long cooldownRemainingNanos() {
        long until = op.cooldownUntilNanos.get();
        return until == Long.MIN_VALUE ? 0 : Math.max(0, until - engine.time.nanoTime());
    }

    /** Whether waiting {@code nanos} from now still ends within the call's time budget. */
    boolean fitsBudget(long nanos) {
        return nanos <= deadlineNanos - engine.time.nanoTime();
    }

    /** {@code nanos}, shortened so that the wait ends within the budget (used for the cooldown spread). */
    long withinBudget(long nanos, long atLeast) {
        return Math.max(atLeast, Math.min(nanos, deadlineNanos - engine.time.nanoTime()));
    }

    /**
     * The timeout of the next attempt: the configured per-attempt timeout, never beyond what remains of the
     * budget; {@code null} when no per-attempt timeout is configured.
     */
    Duration attemptTimeout() {
        Duration configured = config.attemptTimeout();
        if (configured == null) {
            return null;
        }
        long remaining = Math.max(1_000_000L, deadlineNanos - engine.time.nanoTime());
        return Saturating.nanos(configured) <= remaining ? configured : Duration.ofNanos(remaining);
    }

    boolean isFirstAttempt() {
        return attempts == 0;
    }

    /**
     * Asks the breaker before an attempt. The first attempt takes a permit (a half-open trial slot); a retry runs
     * only while the breaker is still in the closed phase that admitted the call, so retries stop as soon as the
     * circuit opens and a half-open trial is never retried.
     */
    boolean admit() {
        if (breaker == null) {
            return true;
        }
        if (attempts == 0) {
            permit = breaker.tryAcquire(config.circuitBreaker());
            return permit != OperationBreaker.REJECTED;
        }
        return breaker.mayRetry(permit);
    }

    void beginAttempt() {
        attempts++;
        if (!engine.listeners.isEmpty()) { // attempt events are built only for listeners; metrics count completions
            engine.listeners.publish(new AttemptStartedEvent(op.name, attempts));
        }
        attemptStartNanos = engine.time.nanoTime();
        if (context != null) {
            context.attemptStarted(attempts);
        }
    }

    /** The caller's context and the attempt, current while the function runs here. */
    ContextScope attemptScope() {
        return context == null ? ContextScope.NOOP : context.attemptScope();
    }

    /** The caller's context and the call, current while the fallback runs here. */
    ContextScope callScope() {
        return context == null ? ContextScope.NOOP : context.callScope();
    }

    /** The attempt succeeded; false when the call had already been ended (cancelled, closed), then nothing is counted. */
    boolean succeed() {
        if (!claimEnd()) {
            return false;
        }
        if (context != null) {
            context.attemptEnded("none", null);
        }
        long now = engine.time.nanoTime();
        if (breaker != null) {
            breaker.onSuccess(permit, now, now - attemptStartNanos); // one clock read per success
        }
        completed(CallOutcome.SUCCESS, now);
        return true;
    }

    /**
     * Classifies a failed attempt.
     *
     * @return the delay in nanoseconds before the next attempt, or {@link #GIVE_UP}
     */
    long onFailure(Throwable failure) {
        Classification classification = engine.classify(failure);
        lastFailure = failure;
        lastClassification = classification;
        if (context != null) {
            context.attemptEnded(failure instanceof AttemptTimeoutException ? "timeout"
                    : classification.kind().name().toLowerCase(Locale.ROOT), failure);
        }
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(new AttemptFailedEvent(op.name, attempts, classification.kind(), failure));
        }
        long now = engine.time.nanoTime();
        lastAttemptCounted = false;
        if (breaker != null && classification.kind() == FailureKind.TRANSIENT && config.circuitBreaker().countAttempts()
                && (permit & 1) == 0) {
            // Counting attempts: this failure counts now, so the circuit can open before the call's retries are
            // spent (its next retry is then refused). A half-open trial still gives one verdict when it ends.
            breaker.onFailure(permit, config.circuitBreaker(), now - attemptStartNanos, failure);
            lastAttemptCounted = true;
        }
        long retryAfter = retryAfterNanos(classification);
        if (classification.kind() == FailureKind.RATE_LIMITED && retryAfter > 0) {
            op.extendCooldown(Saturating.add(now, retryAfter));
        }
        if (classification.kind() == FailureKind.PERMANENT || attempts >= maxAttempts) {
            return GIVE_UP;
        }
        if (breaker != null && !breaker.mayRetry(permit)) {
            return GIVE_UP; // a trial call gives its verdict now; an opened circuit stops the retries
        }
        long delay = Math.max(Backoff.delayNanos(config.retry(), attempts, engine.random), retryAfter);
        delay = Math.max(delay, cooldownRemainingNanos());
        if (!fitsBudget(delay)) {
            // The wait would end past the budget: give up now instead of sleeping in vain.
            return GIVE_UP;
        }
        engine.retryScheduled(op, new RetryEvent(op.name, attempts, maxAttempts, Duration.ofNanos(delay), failure));
        return delay;
    }

    /**
     * A provider's Retry-After, in nanoseconds: never negative, never past {@link AIExceptions#MAX_RETRY_AFTER}
     * whatever a custom classifier or a hand-built {@link RateLimitException} says, so no arithmetic overflows.
     */
    private static long retryAfterNanos(Classification classification) {
        Duration retryAfter = classification.retryAfter();
        if (retryAfter == null || retryAfter.isNegative()) {
            return 0;
        }
        return retryAfter.compareTo(AIExceptions.MAX_RETRY_AFTER) > 0
                ? AIExceptions.MAX_RETRY_AFTER.toNanos() : retryAfter.toNanos();
    }

    /**
     * Ends the call after its last failure; returns what the caller gets unless a fallback answers, or null when
     * the call had already been ended (then nothing is counted and nothing is delivered).
     */
    RuntimeException fail() {
        if (!claimEnd()) {
            return null;
        }
        long now = engine.time.nanoTime();
        if (breaker != null && permit != OperationBreaker.REJECTED) {
            if (lastClassification.kind() == FailureKind.TRANSIENT) {
                if (!lastAttemptCounted) {
                    breaker.onFailure(permit, config.circuitBreaker(), now - attemptStartNanos, lastFailure);
                }
            } else {
                breaker.onNeutral(permit, now - attemptStartNanos, lastFailure);
            }
        }
        reason = failureReason();
        return surfaced(lastFailure, lastClassification);
    }

    /** Rejects the call before any attempt: the circuit is open (or its half-open trials are taken). */
    RuntimeException rejectOpen() {
        Instant now = engine.time.now();
        Instant retryAt = breaker.openUntil();
        if (retryAt == null || retryAt.isBefore(now)) {
            retryAt = now;
        }
        Duration retryAfter = Duration.between(now, retryAt);
        return reject(new CircuitOpenException(op.name, retryAt, retryAfter), CallReason.CIRCUIT_OPEN, retryAfter);
    }

    /** Rejects the call: the shared rate-limit cooldown outlasts its budget. */
    RuntimeException rejectCooldown(long remainingNanos) {
        Duration remaining = Duration.ofNanos(remainingNanos);
        return reject(new RateLimitException("Operation '" + op.name + "' is cooling down after a provider rate limit; "
                + "retry after " + remaining.toMillis() + " ms", remaining), CallReason.RATE_LIMITED, remaining);
    }

    private RuntimeException reject(RuntimeException rejection, CallReason why, Duration retryAfter) {
        if (!claimEnd()) {
            return null;
        }
        lastFailure = rejection;
        reason = why; // its own outcome: the function never ran, so it is not a failure
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(new CallRejectedEvent(op.name, why, retryAfter));
        }
        return rejection;
    }

    /** Why a call that ran ends in failure: what its last attempt's failure was. */
    private CallReason failureReason() {
        switch (lastClassification.kind()) {
            case PERMANENT:
                return CallReason.PERMANENT;
            case RATE_LIMITED:
                return CallReason.THROTTLED;
            default:
                return lastFailure instanceof AttemptTimeoutException ? CallReason.TIMEOUT : CallReason.EXHAUSTED;
        }
    }

    /**
     * Ends the call without a verdict (interrupt, cancellation, {@code close()}, an {@link Error}): a trial slot
     * goes back and the call counts as failed, so totals stay exact. Safe to race with the step that would have
     * ended the call: only one of them counts it.
     */
    void abort() {
        if (!claimEnd()) {
            return;
        }
        if (breaker != null && permit != OperationBreaker.REJECTED) {
            breaker.release(permit);
        }
        aborted = true; // the observation's reason
        reason = CallReason.ABORTED;
        completed(CallOutcome.FAILURE, engine.time.nanoTime());
    }

    boolean isEnded() {
        return ended;
    }

    private boolean claimEnd() {
        return ENDED.compareAndSet(this, false, true);
    }

    FallbackContext fallbackContext(RuntimeException surfaced, boolean rejected) {
        FallbackReason why;
        if (rejected) {
            why = surfaced instanceof CircuitOpenException ? FallbackReason.CIRCUIT_OPEN : FallbackReason.RATE_LIMITED;
        } else {
            why = lastClassification.kind() == FailureKind.PERMANENT
                    ? FallbackReason.PERMANENT_FAILURE : FallbackReason.RETRIES_EXHAUSTED;
        }
        return new FallbackContext(op.name, argument, surfaced, why, attempts);
    }

    /** A fallback answered the failed call: counted in {@code fallback_calls}, published as FALLBACK. */
    void fallbackAnswered(long nowNanos) {
        completed(CallOutcome.FALLBACK, nowNanos);
    }

    /**
     * Counts the call and publishes its completion, the one event the operation's metrics and every listener count
     * it from; {@code outcome} is FAILURE/REJECTED, or FALLBACK when a fallback answered.
     */
    void completed(CallOutcome outcome, long nowNanos) {
        CallCompletedEvent event =
                new CallCompletedEvent(op.name, config.strategy(), outcome, reason, attempts, nowNanos - startNanos);
        op.metrics().record(event, nowNanos);
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(event);
        }
        if (context != null) {
            context.callEnded(outcome.tag(), endReason(outcome),
                    outcome == CallOutcome.SUCCESS || outcome == CallOutcome.FALLBACK ? null : lastFailure);
        }
    }

    /** Why the call ended, as {@link #fallbackContext} names it; {@code aborted} for an interrupt, cancel, close. */
    private String endReason(CallOutcome outcome) {
        if (outcome == CallOutcome.SUCCESS) {
            return "none";
        }
        if (aborted || lastFailure == null) {
            return "aborted";
        }
        if (lastClassification == null) { // rejected before any attempt
            return lastFailure instanceof CircuitOpenException ? "circuit_open" : "rate_limited";
        }
        return lastClassification.kind() == FailureKind.PERMANENT ? "permanent_failure" : "retries_exhausted";
    }

    long nanoTime() {
        return engine.time.nanoTime();
    }

    /**
     * What the caller sees: our own AI exceptions as they are; anything else converted, original as cause. The
     * original message is kept unchanged (the seed's {@code PermanentAIError(str(e))}); the status code the
     * classifier found stays (a client library's 401 stays a 401), and the foreign type and the classifier's reason
     * ({@code context_length_exceeded}...) are in {@link AIServiceException#context()}.
     */
    private static RuntimeException surfaced(Throwable failure, Classification classification) {
        if (failure instanceof AIServiceException) {
            return (AIServiceException) failure;
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("exception", failure.getClass().getName());
        if (classification.reason() != null) {
            context.put("reason", classification.reason());
        }
        int status = classification.statusCode();
        switch (classification.kind()) {
            case PERMANENT:
                return new PermanentAIException(message, failure, status, context);
            case RATE_LIMITED:
                return new RateLimitException(message, classification.retryAfter(), failure, status, context);
            default:
                return new TransientAIException(message, failure, status, context);
        }
    }
}
