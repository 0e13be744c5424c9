package dev.airesilience.internal;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One operation's Resilience4j breaker plus what we track beside it.
 *
 * <p>Resilience4j does the state machine (CLOSED → OPEN → HALF_OPEN), the consecutive-failure window and the
 * exact half-open admission. It is configured as a count-based window of {@code failureThreshold} calls at a
 * 100% failure-rate threshold, so it opens after exactly that many consecutive counted failures. Only the
 * half-open verdict is ours: the seed closes on the first successful trial and re-opens on the first failed
 * one, where Resilience4j would wait for all {@code halfOpenMaxCalls} trials.
 */
final class BreakerHandle {

    final String operation;
    final CircuitBreaker circuitBreaker;
    final CircuitBreakerConfig config;
    final AtomicReference<MetricsRecorder> metrics = new AtomicReference<>(new MetricsRecorder());
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    /** When the circuit last opened (wall time, the clock Resilience4j uses), or null. */
    volatile Instant openedAt;
    /** Set during a manual reset, so that it is not counted as a transition. */
    volatile boolean quiet;

    BreakerHandle(String operation, CircuitBreaker circuitBreaker, CircuitBreakerConfig config) {
        this.operation = operation;
        this.circuitBreaker = circuitBreaker;
        this.config = config;
    }

    MetricsRecorder metrics() {
        return metrics.get();
    }

    /** A successful logical call: closes a half-open circuit. */
    void recordSuccess(long durationNanos) {
        consecutiveFailures.set(0);
        circuitBreaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
        if (circuitBreaker.getState() == State.HALF_OPEN) {
            transition(circuitBreaker::transitionToClosedState);
        }
    }

    /** A logical call that ended transient: may open a closed circuit; re-opens a half-open one. */
    void recordFailure(long durationNanos, Throwable failure) {
        consecutiveFailures.incrementAndGet();
        circuitBreaker.onError(durationNanos, TimeUnit.NANOSECONDS, failure);
        if (circuitBreaker.getState() == State.HALF_OPEN) {
            transition(circuitBreaker::transitionToOpenState);
        }
    }

    private static void transition(Runnable move) {
        try {
            move.run();
        } catch (IllegalStateTransitionException raced) {
            // Another thread's trial moved the circuit first; its verdict stands.
        }
    }

    /** Whether the circuit is open now, without consuming a permit. */
    boolean isOpen() {
        State state = circuitBreaker.getState();
        return state == State.OPEN || state == State.FORCED_OPEN;
    }

    /**
     * The state as reported to people: an open circuit whose recovery timeout has passed reports
     * {@code half-open}, because the next call would be admitted as a trial.
     */
    CircuitState reportedState(TimeSource time) {
        State state = circuitBreaker.getState();
        if (state == State.OPEN) { // FORCED_OPEN never recovers by itself, so it stays reported as open
            Instant until = openUntil();
            return until != null && time.now().isAfter(until) ? CircuitState.HALF_OPEN : CircuitState.OPEN;
        }
        return Breakers.map(state);
    }

    /** When an open circuit admits a trial call, or null when it is not open. */
    Instant openUntil() {
        Instant opened = openedAt;
        return opened == null || !isOpen() ? null : opened.plus(config.recoveryTimeout());
    }

    CircuitBreakerSnapshot snapshot(TimeSource time) {
        CircuitState state = reportedState(time);
        MetricsRecorder recorder = metrics();
        return new CircuitBreakerSnapshot(operation, state,
                consecutiveFailures.get(),
                config.failureThreshold(), config.recoveryTimeoutSeconds(), config.halfOpenMaxCalls(),
                MetricsRecorder.toInstant(time, recorder.lastFailureNanos()), openUntil(), recorder.snapshot(time));
    }
}
