package dev.airesilience.circuit;

import dev.airesilience.pipeline.Operation;
import dev.airesilience.internal.MetricsRecorder;
import dev.airesilience.internal.Listeners;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnCallNotPermittedEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnErrorEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnFailureRateExceededEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnIgnoredErrorEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnResetEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnSlowCallRateExceededEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnSuccessEvent;
import io.github.resilience4j.core.EventConsumer;
import io.github.resilience4j.core.EventProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operation's circuit breaker: the seed's transition table (§5.2) as a lock-free state machine, and the single
 * place where the breaker's state lives.
 *
 * <p>The state is one immutable {@link Phase} swapped by compare-and-set. Settings are not part of it: every
 * decision takes the {@link CircuitBreakerConfig} of the call that asks, so a configuration change applies to the
 * next decision and never loses or restarts what the breaker has seen (two decorators with different strategies
 * share one breaker, each deciding with its own threshold). Time is the injected monotonic clock only, so a wall
 * clock step cannot stretch an open period.
 *
 * <p>A permit is a number: the generation of the phase that admitted the call, shifted left once, with the low bit
 * set for a half-open trial. Every transition starts a new generation, so an outcome that arrives after the breaker
 * has moved on (a call admitted while closed that ends after it opened) cannot count twice or free a trial slot
 * that it never held.
 *
 * <p>It implements Resilience4j's {@link CircuitBreaker} so that Resilience4j tooling (registry, tagged metrics,
 * actuator) sees it; its events are only built when something listens.
 */
final class OperationBreaker implements CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(OperationBreaker.class);

    /** Returned by {@link #tryAcquire} when the call is not admitted. */
    static final long REJECTED = -1;

    /** The breaker's whole state. {@code failures} is the consecutive counted failures (kept when it opens). */
    record Phase(State state, long generation, int failures, long sinceNanos, int trialsInFlight) {

        Phase next(State to, int failures, long nowNanos, int trials) {
            return new Phase(to, generation + 1, failures, nowNanos, trials);
        }
    }

    private final String name;
    private final TimeSource time;
    private final Listeners listeners;
    /** Its operation, whose metrics the breaker's transitions are counted in and its reports are read from. */
    private final Operation operation;
    private final AtomicReference<Phase> phase;
    /** Settings last used for a decision: what the breaker reports, and what Resilience4j's API decides with. */
    private volatile CircuitBreakerConfig config;
    /** Monotonic time of the last counted failure, for the report; cleared by a manual reset. */
    private volatile long lastFailureNanos = Long.MIN_VALUE;
    /** Created when Resilience4j tooling subscribes; null keeps idle breakers small and successes cheap. */
    private volatile BreakerEvents events;

    OperationBreaker(Operation operation, TimeSource time, Listeners listeners, CircuitBreakerConfig config) {
        this.name = operation.name();
        this.time = time;
        this.listeners = listeners;
        this.operation = operation;
        this.config = config;
        this.phase = new AtomicReference<>(new Phase(State.CLOSED, 0, 0, time.nanoTime(), 0));
    }

    CircuitBreakerConfig config() {
        return config;
    }

    Phase phase() {
        return phase.get();
    }

    // ---------------------------------------------------------------- decisions

    /** Admits a call or a trial call; returns its permit, or {@link #REJECTED}. */
    long tryAcquire(CircuitBreakerConfig settings) {
        remember(settings);
        while (true) {
            Phase current = phase.get();
            switch (current.state()) {
                case CLOSED:
                    return current.generation() << 1;
                case OPEN: {
                    long now = time.nanoTime();
                    if (now - current.sinceNanos() < settings.recoveryTimeout().toNanos()) {
                        return reject();
                    }
                    Phase trial = current.next(State.HALF_OPEN, current.failures(), now, 1);
                    if (phase.compareAndSet(current, trial)) {
                        transitioned(current, trial);
                        return trial.generation() << 1 | 1;
                    }
                    break;
                }
                case HALF_OPEN: {
                    long now = time.nanoTime();
                    if (now - current.sinceNanos() >= halfOpenMaxWaitNanos(settings)) {
                        // The trials never answered (a hung provider, no attempt timeout): that is no sign of
                        // recovery. Open again; a fresh trial goes after the next recovery period.
                        Phase reopened = current.next(State.OPEN, current.failures(), now, 0);
                        if (phase.compareAndSet(current, reopened)) {
                            LOG.warn("Circuit breaker for operation '{}': no half-open trial answered within {} s; open again",
                                    name, halfOpenMaxWaitNanos(settings) / 1_000_000_000L);
                            transitioned(current, reopened);
                        }
                        break;
                    }
                    if (current.trialsInFlight() >= settings.halfOpenMaxCalls()) {
                        return reject();
                    }
                    Phase more = new Phase(State.HALF_OPEN, current.generation(), current.failures(),
                            current.sinceNanos(), current.trialsInFlight() + 1);
                    if (phase.compareAndSet(current, more)) {
                        return current.generation() << 1 | 1;
                    }
                    break;
                }
                default:
                    return reject();
            }
        }
    }

    /**
     * Whether a call admitted with {@code permit} may retry: only while the breaker is still in the closed phase that
     * admitted it. A trial call is never retried (half-open admits exactly {@code halfOpenMaxCalls} provider
     * requests), and a call whose breaker has opened or moved on stops at once.
     */
    boolean mayRetry(long permit) {
        Phase current = phase.get();
        return (permit & 1) == 0 && current.state() == State.CLOSED && current.generation() == permit >>> 1;
    }

    /** A logical call succeeded: resets the failure count; a successful trial closes the circuit. */
    void onSuccess(long permit, long nowNanos, long durationNanos) {
        while (true) {
            Phase current = phase.get();
            if (!holds(permit, current)) {
                break;
            }
            if (current.state() == State.HALF_OPEN) {
                Phase closed = current.next(State.CLOSED, 0, nowNanos, 0);
                if (phase.compareAndSet(current, closed)) {
                    transitioned(current, closed);
                    break;
                }
            } else if (current.failures() == 0
                    || phase.compareAndSet(current, new Phase(State.CLOSED, current.generation(), 0, current.sinceNanos(), 0))) {
                break;
            }
        }
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnSuccessEvent(name, Duration.ofNanos(durationNanos)));
        }
    }

    /** A logical call ended in a transient failure: counts toward opening; a failed trial re-opens the circuit. */
    void onFailure(long permit, CircuitBreakerConfig settings, long durationNanos, Throwable failure) {
        remember(settings);
        long now = time.nanoTime();
        boolean counted = false;
        while (true) {
            Phase current = phase.get();
            if (!holds(permit, current)) {
                break; // the breaker has moved on: an outcome from an earlier phase says nothing about this one
            }
            counted = true;
            Phase next;
            if (current.state() == State.HALF_OPEN) {
                next = current.next(State.OPEN, current.failures(), now, 0);
            } else {
                int failures = current.failures() + 1;
                next = failures >= settings.failureThreshold()
                        ? current.next(State.OPEN, failures, now, 0)
                        : new Phase(State.CLOSED, current.generation(), failures, current.sinceNanos(), 0);
            }
            if (phase.compareAndSet(current, next)) {
                if (next.state() != current.state()) {
                    transitioned(current, next);
                }
                break;
            }
        }
        if (counted) {
            lastFailureNanos = now;
        }
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnErrorEvent(name, Duration.ofNanos(durationNanos), failure));
        }
    }

    /**
     * The provider answered with a permanent error or a rate limit: neutral while closed. A trial that gets such an
     * answer proves the provider is reachable again, so it closes the circuit instead of holding it half-open.
     */
    void onNeutral(long permit, long durationNanos, Throwable failure) {
        while (true) {
            Phase current = phase.get();
            if (!holds(permit, current) || current.state() != State.HALF_OPEN) {
                break;
            }
            Phase closed = current.next(State.CLOSED, 0, time.nanoTime(), 0);
            if (phase.compareAndSet(current, closed)) {
                transitioned(current, closed);
                break;
            }
        }
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnIgnoredErrorEvent(name, Duration.ofNanos(durationNanos), failure));
        }
    }

    /** The call ended without a verdict (interrupt, cancellation, an Error): a trial gives its slot back. */
    void release(long permit) {
        if ((permit & 1) == 0) {
            return; // a closed-phase permit holds no slot
        }
        while (true) {
            Phase current = phase.get();
            if (!holds(permit, current) || current.trialsInFlight() == 0) {
                return;
            }
            Phase fewer = new Phase(State.HALF_OPEN, current.generation(), current.failures(), current.sinceNanos(),
                    current.trialsInFlight() - 1);
            if (phase.compareAndSet(current, fewer)) {
                return;
            }
        }
    }

    /** Manual reset: closed, failure count and last failure cleared, metrics kept; not counted as a transition. */
    void resetQuietly() {
        while (true) {
            Phase current = phase.get();
            if (phase.compareAndSet(current, current.next(State.CLOSED, 0, time.nanoTime(), 0))) {
                break;
            }
        }
        lastFailureNanos = Long.MIN_VALUE;
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnResetEvent(name));
        }
    }

    private boolean holds(long permit, Phase current) {
        return current.generation() == permit >>> 1;
    }

    private long reject() {
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnCallNotPermittedEvent(name));
        }
        return REJECTED;
    }

    private void remember(CircuitBreakerConfig settings) {
        if (config != settings) {
            config = settings;
        }
    }

    /**
     * How long half-open waits for its trials before it opens again: one recovery period, and never less than a
     * minute, so a legitimately long LLM generation is not mistaken for a hang.
     */
    private static long halfOpenMaxWaitNanos(CircuitBreakerConfig settings) {
        return Math.max(settings.recoveryTimeout().toNanos(), TimeUnit.MINUTES.toNanos(1));
    }

    private void transitioned(Phase from, Phase to) {
        CircuitState fromState = map(from.state());
        CircuitState toState = map(to.state());
        switch (toState) {
            case OPEN:
                LOG.warn("Circuit breaker for operation '{}' opened ({} -> open); calls are rejected for {}",
                        name, fromState, ConfigKey.readable(config.recoveryTimeout()));
                break;
            case HALF_OPEN:
                LOG.info("Circuit breaker for operation '{}' is half-open; admitting {} trial call(s)",
                        name, config.halfOpenMaxCalls());
                break;
            default:
                LOG.info("Circuit breaker for operation '{}' closed ({} -> closed)", name, fromState);
                break;
        }
        // Counted from the event listeners receive, so the operation's transition counts and theirs agree.
        CircuitStateChangeEvent event = new CircuitStateChangeEvent(name, fromState, toState, time.now());
        operation.metrics().record(event);
        if (!listeners.isEmpty()) {
            listeners.publish(event);
        }
        BreakerEvents listening = events;
        if (listening != null) {
            listening.processEvent(new CircuitBreakerOnStateTransitionEvent(name,
                    StateTransition.transitionBetween(name, from.state(), to.state())));
        }
    }

    // ---------------------------------------------------------------- reporting

    /**
     * The state as reported to people: an open circuit whose recovery timeout has passed reports
     * {@code half-open}, because the next call would be admitted as a trial.
     */
    CircuitState reportedState() {
        Phase current = phase.get();
        if (current.state() == State.OPEN && time.nanoTime() - current.sinceNanos() >= config.recoveryTimeout().toNanos()) {
            return CircuitState.HALF_OPEN;
        }
        return map(current.state());
    }

    /** When an open circuit admits a trial call (wall time, derived from the monotonic clock), or null. */
    Instant openUntil() {
        Phase current = phase.get();
        if (current.state() != State.OPEN) {
            return null;
        }
        long remaining = current.sinceNanos() + config.recoveryTimeout().toNanos() - time.nanoTime();
        return time.now().plusNanos(remaining);
    }

    CircuitBreakerSnapshot snapshot() {
        Phase current = phase.get();
        CircuitBreakerConfig settings = config;
        return new CircuitBreakerSnapshot(name, reportedState(),
                Math.min(current.failures(), settings.failureThreshold()),
                settings.failureThreshold(), settings.recoveryTimeout(), settings.halfOpenMaxCalls(),
                MetricsRecorder.toInstant(time, lastFailureNanos), openUntil(), operationSnapshot());
    }

    /** What the operation's metrics report now (zeros after a reset, until its next call), creating nothing. */
    private ResilienceMetrics operationSnapshot() {
        MetricsRecorder recorder = operation.metricsIfAny();
        return recorder == null ? ResilienceMetrics.EMPTY : recorder.snapshot(time);
    }

    static CircuitState map(State state) {
        switch (state) {
            case OPEN:
            case FORCED_OPEN:
                return CircuitState.OPEN;
            case HALF_OPEN:
                return CircuitState.HALF_OPEN;
            default:
                return CircuitState.CLOSED;
        }
    }

    // ---------------------------------------------------------------- Resilience4j's view

    @Override
    public boolean tryAcquirePermission() {
        return tryAcquire(config) != REJECTED;
    }

    @Override
    public void acquirePermission() {
        if (!tryAcquirePermission()) {
            throw CallNotPermittedException.createCallNotPermittedException(this);
        }
    }

    /** Resilience4j's API carries no permit: it releases a trial slot of the current phase, if one is held. */
    @Override
    public void releasePermission() {
        release(phase.get().generation() << 1 | 1);
    }

    @Override
    public void onError(long duration, TimeUnit durationUnit, Throwable throwable) {
        onFailure(currentPermit(), config, durationUnit.toNanos(duration), throwable);
    }

    @Override
    public void onSuccess(long duration, TimeUnit durationUnit) {
        onSuccess(currentPermit(), time.nanoTime(), durationUnit.toNanos(duration));
    }

    @Override
    public void onResult(long duration, TimeUnit durationUnit, Object result) {
        onSuccess(duration, durationUnit);
    }

    private long currentPermit() {
        Phase current = phase.get();
        return current.generation() << 1 | (current.state() == State.HALF_OPEN ? 1 : 0);
    }

    @Override
    public void reset() {
        resetQuietly();
    }

    @Override
    public void transitionToClosedState() {
        forceTo(State.CLOSED);
    }

    @Override
    public void transitionToOpenState() {
        forceTo(State.OPEN);
    }

    @Override
    public void transitionToOpenStateFor(Duration waitDuration) {
        throw new UnsupportedOperationException("ai-resilience breakers open for the operation's recovery_timeout");
    }

    @Override
    public void transitionToOpenStateUntil(Instant waitUntil) {
        throw new UnsupportedOperationException("ai-resilience breakers open for the operation's recovery_timeout");
    }

    @Override
    public void transitionToHalfOpenState() {
        forceTo(State.HALF_OPEN);
    }

    @Override
    public void transitionToDisabledState() {
        throw new UnsupportedOperationException("disable the breaker with enable_circuit_breaker=false");
    }

    @Override
    public void transitionToMetricsOnlyState() {
        throw new UnsupportedOperationException("disable the breaker with enable_circuit_breaker=false");
    }

    @Override
    public void transitionToForcedOpenState() {
        throw new UnsupportedOperationException("ai-resilience breakers have no forced-open state");
    }

    private void forceTo(State to) {
        while (true) {
            Phase current = phase.get();
            if (current.state() != to) {
                StateTransition.transitionBetween(name, current.state(), to); // refuses what Resilience4j refuses
            }
            int failures = to == State.CLOSED ? 0 : current.failures();
            Phase next = current.next(to, failures, time.nanoTime(), 0);
            if (phase.compareAndSet(current, next)) {
                if (current.state() != to) {
                    transitioned(current, next);
                }
                return;
            }
        }
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public State getState() {
        return phase.get().state();
    }

    @Override
    public io.github.resilience4j.circuitbreaker.CircuitBreakerConfig getCircuitBreakerConfig() {
        return Resilience4jConfigs.describe(config);
    }

    @Override
    public Metrics getMetrics() {
        return new BreakerMetrics();
    }

    @Override
    public Map<String, String> getTags() {
        return Map.of();
    }

    @Override
    public EventPublisher getEventPublisher() {
        BreakerEvents current = events;
        if (current == null) {
            synchronized (this) { // once per breaker, never around a user call
                current = events;
                if (current == null) {
                    current = new BreakerEvents();
                    events = current;
                }
            }
        }
        return current;
    }

    @Override
    public long getCurrentTimestamp() {
        return time.nanoTime();
    }

    @Override
    public TimeUnit getTimestampUnit() {
        return TimeUnit.NANOSECONDS;
    }

    @Override
    public String toString() {
        return "OperationBreaker[" + name + ", " + phase.get().state() + "]";
    }

    /**
     * Resilience4j's metrics view, read from the operation's own metrics, so Resilience4j's meters and ours agree by
     * construction. The counts are cumulative since the operation's last metrics reset, not a sliding window: this
     * breaker opens on consecutive failures ({@code failure_count} in our snapshot), which Resilience4j cannot
     * express. Successful and failed calls are logical calls that ran; not permitted are the calls the open
     * circuit refused (answered by a fallback or not).
     */
    private final class BreakerMetrics implements Metrics {
        private final ResilienceMetrics reported = operationSnapshot();
        private final long notPermitted = reported.count(CallOutcome.REJECTED.tag(), CallReason.CIRCUIT_OPEN.tag())
                + reported.count(CallOutcome.FALLBACK.tag(), CallReason.CIRCUIT_OPEN.tag());

        @Override
        public float getFailureRate() {
            long ran = reported.successfulCalls() + reported.failedCalls();
            return ran == 0 ? -1f : (float) (100.0 * reported.failedCalls() / ran); // -1: no calls, as Resilience4j
        }

        @Override
        public float getSlowCallRate() {
            return ran() == 0 ? -1f : 0f;
        }

        @Override
        public int getNumberOfSlowCalls() {
            return 0;
        }

        @Override
        public int getNumberOfSlowSuccessfulCalls() {
            return 0;
        }

        @Override
        public int getNumberOfSlowFailedCalls() {
            return 0;
        }

        @Override
        public int getNumberOfBufferedCalls() {
            return saturatedInt(ran());
        }

        @Override
        public int getNumberOfFailedCalls() {
            return saturatedInt(reported.failedCalls());
        }

        @Override
        public long getNumberOfNotPermittedCalls() {
            return notPermitted;
        }

        @Override
        public int getNumberOfSuccessfulCalls() {
            return saturatedInt(reported.successfulCalls());
        }

        private long ran() {
            return reported.successfulCalls() + reported.failedCalls();
        }

        private int saturatedInt(long count) {
            return (int) Math.min(count, Integer.MAX_VALUE);
        }
    }

    /** Resilience4j's event publisher, the way its own state machine builds it. */
    private static final class BreakerEvents extends EventProcessor<CircuitBreakerEvent>
            implements EventConsumer<CircuitBreakerEvent>, EventPublisher {

        @Override
        public EventPublisher onSuccess(EventConsumer<CircuitBreakerOnSuccessEvent> consumer) {
            registerConsumer(CircuitBreakerOnSuccessEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onError(EventConsumer<CircuitBreakerOnErrorEvent> consumer) {
            registerConsumer(CircuitBreakerOnErrorEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onStateTransition(EventConsumer<CircuitBreakerOnStateTransitionEvent> consumer) {
            registerConsumer(CircuitBreakerOnStateTransitionEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onReset(EventConsumer<CircuitBreakerOnResetEvent> consumer) {
            registerConsumer(CircuitBreakerOnResetEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onIgnoredError(EventConsumer<CircuitBreakerOnIgnoredErrorEvent> consumer) {
            registerConsumer(CircuitBreakerOnIgnoredErrorEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onCallNotPermitted(EventConsumer<CircuitBreakerOnCallNotPermittedEvent> consumer) {
            registerConsumer(CircuitBreakerOnCallNotPermittedEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onFailureRateExceeded(EventConsumer<CircuitBreakerOnFailureRateExceededEvent> consumer) {
            registerConsumer(CircuitBreakerOnFailureRateExceededEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public EventPublisher onSlowCallRateExceeded(EventConsumer<CircuitBreakerOnSlowCallRateExceededEvent> consumer) {
            registerConsumer(CircuitBreakerOnSlowCallRateExceededEvent.class.getName(), consumer);
            return this;
        }

        @Override
        public void consumeEvent(CircuitBreakerEvent event) {
            super.processEvent(event);
        }
    }
}
