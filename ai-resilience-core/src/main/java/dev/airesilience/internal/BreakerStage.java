package dev.airesilience.internal;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation's circuit breaker in the pipeline. The call's ticket is its permit: the generation of the phase that
 * admitted it (see {@link OperationBreaker}). The first attempt takes a permit (a half-open trial slot); a retry runs
 * only while the breaker is still in the closed phase that admitted the call, so retries stop as soon as the circuit
 * opens and a half-open trial is never retried. A breaker disabled by the call's configuration proceeds and counts
 * nothing.
 */
final class BreakerStage extends CallStage {

    private static final Logger LOG = LoggerFactory.getLogger("dev.airesilience.AIServiceResilience");

    private final OperationState op;
    private final Breakers breakers;
    private final TimeSource time;

    BreakerStage(OperationState op, Breakers breakers, TimeSource time) {
        this.op = op;
        this.breakers = breakers;
        this.time = time;
    }

    @Override
    public long beforeAttempt(StageCall call) {
        if (!call.config().enableCircuitBreaker()) {
            return PROCEED;
        }
        OperationBreaker breaker = breakers.forOperation(op, call.config().circuitBreaker());
        long permit = call.ticket();
        if (call.attempts() == 0) {
            if (permit != OperationBreaker.REJECTED) {
                return PROCEED; // admitted already; a later stage made the call wait
            }
            permit = breaker.tryAcquire(call.config().circuitBreaker());
            if (permit == OperationBreaker.REJECTED) {
                rejectOpen(call, breaker);
                return REFUSE;
            }
            call.ticket(permit);
            return PROCEED;
        }
        if (breaker.mayRetry(permit)) {
            return PROCEED;
        }
        LOG.debug("Operation '{}': circuit opened during retries; stopping after {} attempt(s)", op.name,
                call.attempts());
        return REFUSE;
    }

    private void rejectOpen(StageCall call, OperationBreaker breaker) {
        Instant now = time.now();
        Instant retryAt = breaker.openUntil();
        if (retryAt == null || retryAt.isBefore(now)) {
            retryAt = now;
        }
        Duration retryAfter = Duration.between(now, retryAt);
        call.reject(new CircuitOpenException(op.name, retryAt, retryAfter), CallReason.CIRCUIT_OPEN, retryAfter);
    }

    /**
     * Counting attempts: a transient failure counts now, so the circuit can open before the call's retries are spent
     * (its next retry is then refused). A half-open trial still gives one verdict when it ends. Either way a call
     * stops retrying once the breaker has left the phase that admitted it.
     */
    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        long permit = call.ticket();
        if (permit == OperationBreaker.REJECTED) {
            return 0;
        }
        OperationBreaker breaker = op.breaker.get();
        if (countsNow(call, permit)) {
            breaker.onFailure(permit, call.config().circuitBreaker(), nowNanos - call.attemptStartNanos(),
                    call.lastFailure());
        }
        return breaker.mayRetry(permit) ? 0 : STOP; // a trial gives its verdict now; an opened circuit stops retries
    }

    @Override
    public void onSuccess(StageCall call, long nowNanos) {
        long permit = call.ticket();
        if (permit != OperationBreaker.REJECTED) {
            op.breaker.get().onSuccess(permit, nowNanos, nowNanos - call.attemptStartNanos());
        }
    }

    /** The call's verdict: a transient failure counts (unless its last attempt was counted already), others are neutral. */
    @Override
    public void onFailure(StageCall call, long nowNanos) {
        long permit = call.ticket();
        if (permit == OperationBreaker.REJECTED) {
            return;
        }
        OperationBreaker breaker = op.breaker.get();
        long duration = nowNanos - call.attemptStartNanos();
        if (call.lastClassification().kind() != FailureKind.TRANSIENT) {
            breaker.onNeutral(permit, duration, call.lastFailure());
        } else if (!countsNow(call, permit)) {
            breaker.onFailure(permit, call.config().circuitBreaker(), duration, call.lastFailure());
        }
    }

    @Override
    public void release(StageCall call) {
        long permit = call.ticket();
        if (permit != OperationBreaker.REJECTED) {
            op.breaker.get().release(permit);
        }
    }

    /** Whether a failed attempt is counted when it happens rather than when the call ends. */
    private static boolean countsNow(StageCall call, long permit) {
        CircuitBreakerConfig settings = call.config().circuitBreaker();
        return settings.countAttempts() && (permit & 1) == 0 && call.lastClassification().kind() == FailureKind.TRANSIENT;
    }
}
