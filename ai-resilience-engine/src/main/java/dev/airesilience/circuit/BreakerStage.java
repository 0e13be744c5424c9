package dev.airesilience.circuit;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.pipeline.StageCall;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation's circuit breaker in the pipeline. The call's ticket is its permit: the generation of the phase that
 * admitted it (see {@link OperationBreaker}). The first attempt takes a permit (a half-open trial slot); a retry runs
 * only while the breaker is still in the closed phase that admitted the call, so retries stop as soon as the circuit
 * opens and a half-open trial is never retried. A breaker disabled by the call's configuration proceeds and counts
 * nothing.
 */
public final class BreakerStage extends CallStage {

    private static final Logger LOG = LoggerFactory.getLogger("dev.airesilience.AIServiceResilience");

    private final Operation op;
    private final Breakers breakers;
    private final TimeSource time;
    private static final VarHandle BREAKER;

    static {
        try {
            BREAKER = MethodHandles.lookup().findVarHandle(BreakerStage.class, "breaker", OperationBreaker.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * The operation's breaker: created on first use, never rebuilt, the one place its state lives. A volatile field
     * set through a VarHandle rather than an AtomicReference: one object less per operation.
     */
    private volatile OperationBreaker breaker;

    public BreakerStage(Operation op, Breakers breakers, TimeSource time) {
        this.op = op;
        this.breakers = breakers;
        this.time = time;
    }

    /** The operation's breaker, created with {@code config} if it has none yet. */
    public CircuitBreaker breaker(CircuitBreakerConfig config) {
        return breakerFor(config);
    }

    /** Another instance opened this operation's breaker for {@code remaining} more (see {@link OperationBreaker}). */
    public void openedElsewhere(CircuitBreakerConfig config, Duration remaining) {
        breakerFor(config).openedElsewhere(remaining.toNanos());
    }

    /** Another instance's trial of this operation succeeded. */
    public void closedElsewhere(CircuitBreakerConfig config) {
        breakerFor(config).closedElsewhere();
    }

    private OperationBreaker breakerFor(CircuitBreakerConfig config) {
        OperationBreaker current = breaker;
        if (current != null) {
            return current;
        }
        OperationBreaker fresh = breakers.create(op, config);
        if (!BREAKER.compareAndSet(this, null, fresh)) {
            return breaker;
        }
        breakers.publish(fresh);
        Callable<?> registered = probe; // read after the breaker is set: healthProbe() reads them the other way
        if (registered != null) {
            fresh.healthProbe(registered);
        }
        return fresh;
    }

    /** The operation's health probe, kept here so that one registered before the breaker exists reaches it. */
    private volatile Callable<?> probe;

    /**
     * Registers the operation's health probe (replacing any), or removes it ({@code null}): while the circuit is open
     * it runs every {@code health_probe_interval_seconds} and a healthy run moves the circuit to half-open.
     */
    public void healthProbe(Callable<?> callable) {
        probe = callable;
        OperationBreaker current = breaker;
        if (current != null) {
            current.healthProbe(callable);
        }
    }

    /** Whether the operation has a breaker (it is created by its first call or decorator with one). */
    public boolean exists() {
        return breaker != null;
    }

    /** The breaker's report, or null when the operation has none. */
    public CircuitBreakerSnapshot snapshot() {
        OperationBreaker current = breaker;
        return current == null ? null : current.snapshot();
    }

    /** The state reports and health show, or null when the operation has no breaker. */
    public CircuitState reportedState() {
        OperationBreaker current = breaker;
        return current == null ? null : current.reportedState();
    }

    /** Closes the breaker, if there is one, keeping its metrics; not counted as a transition. */
    public void resetQuietly() {
        OperationBreaker current = breaker;
        if (current != null) {
            current.resetQuietly();
        }
    }

    @Override
    public long beforeAttempt(StageCall call) {
        ResilienceConfig config = call.config();
        if (!config.enableCircuitBreaker()) {
            return PROCEED;
        }
        CircuitBreakerConfig settings = config.circuitBreaker();
        OperationBreaker breaker = breakerFor(settings);
        long permit = call.ticket();
        if (call.attempts() == 0) {
            if (permit != OperationBreaker.REJECTED) {
                return PROCEED; // admitted already; a later stage made the call wait
            }
            permit = breaker.tryAcquire(settings);
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
        LOG.debug("Operation '{}': circuit opened during retries; stopping after {} attempt(s)", op.name(),
                call.attempts());
        return REFUSE;
    }

    /** Rejects the call, saying when the circuit admits a trial (by the call's own settings, as it decided). */
    private void rejectOpen(StageCall call, OperationBreaker breaker) {
        OperationBreaker.Phase phase = breaker.phase();
        long remaining = phase.state() != State.OPEN ? 0 : Math.max(0, phase.sinceNanos()
                + OperationBreaker.openNanos(call.config().circuitBreaker(), phase) - time.nanoTime());
        Duration retryAfter = Duration.ofNanos(remaining);
        call.reject(new CircuitOpenException(op.name(), time.now().plusNanos(remaining), retryAfter),
                CallReason.CIRCUIT_OPEN, retryAfter);
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
        OperationBreaker breaker = this.breaker;
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
            this.breaker.onSuccess(permit, nowNanos, nowNanos - call.attemptStartNanos());
        }
    }

    /** The call's verdict: a transient failure counts (unless its last attempt was counted already), others are neutral. */
    @Override
    public void onFailure(StageCall call, long nowNanos) {
        long permit = call.ticket();
        if (permit == OperationBreaker.REJECTED) {
            return;
        }
        OperationBreaker breaker = this.breaker;
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
            this.breaker.release(permit);
        }
    }

    /**
     * A hedge only while the breaker is still closed in the phase that admitted the call, and counts no failure:
     * never for a half-open trial (half-open admits exactly {@code halfOpenMaxCalls} provider requests), never once
     * the circuit opened, never to a provider that is failing (a hedge is for slowness, not for errors).
     */
    @Override
    public boolean admitsHedge(ResilienceConfig config, long permit, long nowNanos) {
        if (!config.enableCircuitBreaker() || permit == OperationBreaker.REJECTED) {
            return true;
        }
        OperationBreaker current = breaker;
        return current == null || current.mayHedge(permit);
    }

    /**
     * While the circuit is open, until it admits a trial (by {@code config}'s recovery interval); while it is half-open
     * with every trial slot taken, {@link #TRIAL_PENDING_NANOS}, since a trial answers when it answers; otherwise 0.
     */
    @Override
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        OperationBreaker current = breaker;
        if (!config.enableCircuitBreaker() || current == null) {
            return 0;
        }
        OperationBreaker.Phase phase = current.phase();
        if (phase.state() == State.OPEN) {
            return Math.max(0, phase.sinceNanos() + OperationBreaker.openNanos(config.circuitBreaker(), phase) - nowNanos);
        }
        if (phase.state() == State.HALF_OPEN && phase.trialsInFlight() >= config.circuitBreaker().halfOpenMaxCalls()) {
            return TRIAL_PENDING_NANOS;
        }
        return 0;
    }

    /** How long a routed call counts a half-open breaker whose trial slots are all taken as unavailable. */
    public static final long TRIAL_PENDING_NANOS = 100_000_000L;

    /** Whether a failed attempt is counted when it happens rather than when the call ends. */
    private static boolean countsNow(StageCall call, long permit) {
        CircuitBreakerConfig settings = call.config().circuitBreaker();
        return settings.countAttempts() && (permit & 1) == 0 && call.lastClassification().kind() == FailureKind.TRANSIENT;
    }
}
