package dev.airesilience.internal;

import dev.airesilience.FallbackContext;
import dev.airesilience.FallbackReason;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The decisions of one logical call, shared by the blocking and the asynchronous loop: admission (cooldown,
 * breaker), what a failure means, whether and how long to wait, and the accounting when the call ends.
 * The loops only differ in how they wait and how they deliver the result.
 *
 * <p>Not thread-safe: a logical call is driven by one thread at a time (the async loop hands it from stage to
 * stage, with happens-before edges from the futures).
 */
final class LogicalCall {

    /** Returned by {@link #onFailure} when the call must end now. */
    static final long GIVE_UP = -1;

    final CallEngine engine;
    final OperationState op;
    final ResilienceConfig config;
    final Object argument;
    private final MetricsRecorder metrics;
    private final BreakerHandle breaker;
    private final long startNanos;
    private final long deadlineNanos;
    private final int maxAttempts;

    int attempts;
    private boolean permitHeld;
    private long attemptStartNanos;
    private Throwable lastFailure;
    private Classification lastClassification;
    private boolean finished;

    LogicalCall(CallEngine engine, OperationState op, ResilienceConfig config, Object argument) {
        this.engine = engine;
        this.op = op;
        this.config = config;
        this.argument = argument;
        this.metrics = op.metrics();
        this.breaker = config.enableCircuitBreaker() ? engine.breakers.forConfig(op, config.circuitBreaker()) : null;
        this.startNanos = engine.time.nanoTime();
        this.deadlineNanos = startNanos + TimeUnit.SECONDS.toNanos(config.retry().maxDelaySeconds()); // no Duration per call
        this.maxAttempts = config.effectiveMaxAttempts();
    }

    /** Nanoseconds a shared rate-limit cooldown still holds this operation, or 0. */
    long cooldownRemainingNanos() {
        long until = op.cooldownUntilNanos.get();
        return until == Long.MIN_VALUE ? 0 : Math.max(0, until - engine.time.nanoTime());
    }

    /** Whether waiting {@code nanos} from now still ends within the call's time budget. */
    boolean fitsBudget(long nanos) {
        return engine.time.nanoTime() + nanos <= deadlineNanos;
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
        return configured.toNanos() <= remaining ? configured : Duration.ofNanos(remaining);
    }

    boolean isFirstAttempt() {
        return attempts == 0;
    }

    /**
     * Asks the breaker before an attempt. The first attempt takes a permit (a half-open trial slot); later
     * attempts only check that no other call has opened the circuit meanwhile, so retries stop at once.
     */
    boolean admit() {
        if (breaker == null) {
            return true;
        }
        if (attempts == 0) {
            permitHeld = breaker.circuitBreaker.tryAcquirePermission();
            if (!permitHeld) {
                breaker.metrics().rejected.increment();
            }
            return permitHeld;
        }
        return !breaker.isOpen();
    }

    void beginAttempt() {
        attempts++;
        metrics.attempts.increment();
        if (attempts > 1) {
            metrics.retries.increment();
        }
        attemptStartNanos = engine.time.nanoTime();
    }

    void succeed() {
        long now = engine.time.nanoTime();
        finished = true;
        if (permitHeld) {
            breaker.recordSuccess(now - attemptStartNanos);
            breaker.metrics().success(now, -1); // the operation's metrics already time the call
        }
        metrics.success(now, now - startNanos);
        completed(CallOutcome.SUCCESS, now);
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
        long now = engine.time.nanoTime();
        long retryAfter = classification.retryAfter() == null ? 0 : classification.retryAfter().toNanos();
        if (classification.kind() == FailureKind.RATE_LIMITED && retryAfter > 0) {
            op.extendCooldown(now + retryAfter);
        }
        if (classification.kind() == FailureKind.PERMANENT || attempts >= maxAttempts) {
            return GIVE_UP;
        }
        long delay = Math.max(Backoff.delayNanos(config.retry(), attempts, engine.random), retryAfter);
        delay = Math.max(delay, cooldownRemainingNanos());
        if (now + delay > deadlineNanos) {
            // The wait would end past the budget: give up now instead of sleeping in vain.
            return GIVE_UP;
        }
        engine.retryScheduled(new RetryEvent(op.name, attempts, maxAttempts, Duration.ofNanos(delay), failure));
        return delay;
    }

    /** Ends the call after its last failure; returns what the caller gets unless a fallback answers. */
    RuntimeException fail() {
        long now = engine.time.nanoTime();
        finished = true;
        if (permitHeld) {
            if (lastClassification.kind() == FailureKind.TRANSIENT) {
                breaker.recordFailure(now - attemptStartNanos, lastFailure);
                breaker.metrics().failure(now, -1);
            } else {
                // Permanent errors and rate limits are neutral: give a half-open trial slot back.
                breaker.circuitBreaker.releasePermission();
            }
        }
        metrics.failure(now, now - startNanos);
        return surfaced(lastFailure, lastClassification);
    }

    /** Rejects the call before any attempt: the circuit is open. */
    RuntimeException rejectOpen() {
        BreakerHandle handle = breaker;
        Instant retryAt = handle.openUntil();
        Instant now = engine.time.now();
        if (retryAt == null) {
            retryAt = now;
        }
        return reject(new CircuitOpenException(op.name, retryAt, Duration.between(now, retryAt)));
    }

    /** Rejects the call: the shared rate-limit cooldown outlasts its budget. */
    RuntimeException rejectCooldown(long remainingNanos) {
        Duration remaining = Duration.ofNanos(remainingNanos);
        return reject(new RateLimitException("Operation '" + op.name + "' is cooling down after a provider rate limit; "
                + "retry after " + remaining.toMillis() + " ms", remaining));
    }

    private RuntimeException reject(RuntimeException rejection) {
        long now = engine.time.nanoTime();
        finished = true;
        lastFailure = rejection;
        metrics.rejected.increment();
        metrics.failure(now, -1);
        return rejection;
    }

    /**
     * Ends the call without a verdict (interrupt, cancellation, an {@link Error}): the permit goes back and the
     * call counts as failed, so totals stay exact.
     */
    void abort() {
        if (finished) {
            return;
        }
        finished = true;
        if (permitHeld) {
            breaker.circuitBreaker.releasePermission();
        }
        long now = engine.time.nanoTime();
        metrics.failure(now, now - startNanos);
        completed(CallOutcome.FAILURE, now);
    }

    boolean isFinished() {
        return finished;
    }

    FallbackContext fallbackContext(RuntimeException surfaced, boolean rejected) {
        FallbackReason reason;
        if (rejected) {
            reason = surfaced instanceof CircuitOpenException ? FallbackReason.CIRCUIT_OPEN : FallbackReason.RATE_LIMITED;
        } else {
            reason = lastClassification.kind() == FailureKind.PERMANENT
                    ? FallbackReason.PERMANENT_FAILURE : FallbackReason.RETRIES_EXHAUSTED;
        }
        return new FallbackContext(op.name, argument, surfaced, reason, attempts);
    }

    /** A fallback answered the failed call: counted in {@code fallback_calls}, published as FALLBACK. */
    void fallbackAnswered(long nowNanos) {
        metrics.fallbacks.increment();
        completed(CallOutcome.FALLBACK, nowNanos);
    }

    /** Publishes the completion event; {@code outcome} is FAILURE/REJECTED, or FALLBACK when a fallback answered. */
    void completed(CallOutcome outcome, long nowNanos) {
        if (!engine.listeners.isEmpty()) {
            engine.listeners.callCompleted(
                    new CallCompletedEvent(op.name, config.strategy(), outcome, attempts, nowNanos - startNanos));
        }
    }

    long nanoTime() {
        return engine.time.nanoTime();
    }

    /** What the caller sees: our own AI exceptions as they are; anything else converted, original as cause. */
    private static RuntimeException surfaced(Throwable failure, Classification classification) {
        if (failure instanceof AIServiceException) {
            return (AIServiceException) failure;
        }
        String message = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        switch (classification.kind()) {
            case PERMANENT:
                return new PermanentAIException(message, failure);
            case RATE_LIMITED:
                return new RateLimitException(message, classification.retryAfter(), failure, -1);
            default:
                return new TransientAIException(message, failure);
        }
    }
}
