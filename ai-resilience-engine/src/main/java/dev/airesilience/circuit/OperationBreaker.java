package dev.airesilience.circuit;

import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.SlidingWindowType;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.HealthProbeEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.HealthProbeSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.metrics.SlidingWindowSnapshot;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.recording.Listeners;
import dev.airesilience.recording.MetricsRecorder;
import dev.airesilience.shared.SharedState;
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
import io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics;
import io.github.resilience4j.core.metrics.Metrics.Outcome;
import io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics;
import io.github.resilience4j.core.metrics.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>In {@link BreakerMode#FAILURE_RATE} mode, closed-phase outcomes also go into a sliding window, Resilience4j's
 * own ({@link FixedSizeSlidingWindowMetrics}, {@link SlidingTimeWindowMetrics}: they lock only around their update,
 * and the time window reads our monotonic clock). A window belongs to one closed phase (its generation), so every
 * transition starts an empty one, as in Resilience4j; so does a change of its shape (mode, type, size), while a
 * change of threshold or minimum applies to the outcomes already in it. Half-open trials decide as in the default
 * mode, and the consecutive count goes on, so a switch back to that mode finds it exact.
 *
 * <p>It implements Resilience4j's {@link CircuitBreaker} so that Resilience4j tooling (registry, tagged metrics,
 * actuator) sees it; its events are only built when something listens.
 */
final class OperationBreaker implements CircuitBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(OperationBreaker.class);

    /** Returned by {@link #tryAcquire} when the call is not admitted. */
    static final long REJECTED = -1;

    /**
     * The breaker's whole state. {@code failures} is the consecutive counted failures (kept when it opens);
     * {@code opens} the consecutive openings since the circuit last closed and {@code jitter} the factor drawn when
     * it last opened: with the settings of the moment they give the open period ({@link RecoveryInterval}), unless
     * {@code openForNanos} (positive) fixes it: an opening another instance shared, for what it had left. A closed
     * phase may hold such an opening in reserve until {@code elsewhereUntilNanos} (0: none), for its first failure.
     */
    record Phase(State state, long generation, int failures, long sinceNanos, int trialsInFlight, int opens,
            double jitter, long openForNanos, long elsewhereUntilNanos) {

        /** A new phase; closing forgets the openings, so the next outage starts again from the initial interval. */
        Phase next(State to, int failures, long nowNanos, int trials) {
            return new Phase(to, generation + 1, failures, nowNanos, trials, to == State.CLOSED ? 0 : opens, jitter,
                    0, 0);
        }

        /** Open (again): one more consecutive opening, with its own jitter. */
        Phase opened(int failures, long nowNanos, double jitter) {
            return new Phase(State.OPEN, generation + 1, failures, nowNanos, 0, opens + 1, jitter, 0, 0);
        }

        /** Open for {@code nanos} exactly (another instance's opening): one more consecutive opening. */
        Phase openedFor(int failures, long nowNanos, long nanos) {
            return new Phase(State.OPEN, generation + 1, failures, nowNanos, 0, opens + 1, jitter, nanos, 0);
        }

        /** The same open period again from {@code nowNanos}: another instance has the trial. */
        Phase reopened(long nowNanos) {
            return new Phase(State.OPEN, generation + 1, failures, nowNanos, 0, opens, jitter, openForNanos, 0);
        }

        /** The same phase with {@code trials} in flight. */
        Phase withTrials(int trials) {
            return new Phase(state, generation, failures, sinceNanos, trials, opens, jitter, openForNanos,
                    elsewhereUntilNanos);
        }

        /** The same closed phase with {@code failures} consecutive failures. */
        Phase withFailures(int failures) {
            return new Phase(state, generation, failures, sinceNanos, 0, opens, jitter, openForNanos,
                    elsewhereUntilNanos);
        }

        /** The same closed phase, holding another instance's opening until {@code untilNanos} (0: none). */
        Phase withElsewhere(long untilNanos) {
            return new Phase(state, generation, failures, sinceNanos, 0, opens, jitter, openForNanos, untilNanos);
        }
    }

    /**
     * What a window is built for: its type and size (outcomes, or seconds). Compared by reference: a new shape
     * object is made only when the shape changes, and a window of an older one is replaced.
     */
    private record Shape(BreakerMode mode, SlidingWindowType type, int size) {

        static Shape of(CircuitBreakerConfig settings) {
            return new Shape(settings.mode(), settings.slidingWindowType(),
                    settings.slidingWindowType() == SlidingWindowType.COUNT
                            ? settings.slidingWindowSize() : (int) settings.slidingWindowDuration().getSeconds());
        }
    }

    /** The failure-rate window of the closed phase {@code generation}. */
    private record Window(long generation, Shape shape, io.github.resilience4j.core.metrics.Metrics metrics) {}

    /** A rate that reached its threshold: which one, and the words for the log. */
    private record Exceeded(boolean slow, float rate, String why) {}

    private final String name;
    private final TimeSource time;
    private final Listeners listeners;
    private final Breakers breakers;
    /** Its operation, whose metrics the breaker's transitions are counted in and its reports are read from. */
    private final Operation operation;
    private final AtomicReference<Phase> phase;
    /** Settings last used for a decision: what the breaker reports, and what Resilience4j's API decides with. */
    private volatile CircuitBreakerConfig config;
    /** Monotonic time of the last counted failure, for the report; cleared by a manual reset. */
    private volatile long lastFailureNanos = Long.MIN_VALUE;
    /** Created when Resilience4j tooling subscribes; null keeps idle breakers small and successes cheap. */
    private volatile BreakerEvents events;
    /** The window shape of the settings last used; replaced only when it changes. */
    private volatile Shape shape;
    /** The failure-rate window; null until the first outcome in that mode. */
    private final AtomicReference<Window> window = new AtomicReference<>();
    /** The time window's clock: our monotonic time, so virtual time moves it and a wall-clock step does not. */
    private final Clock windowClock;
    /** The operation's health probe; null (the usual case) when none is registered. */
    private volatile HealthProbe probe;

    OperationBreaker(Operation operation, Breakers breakers, CircuitBreakerConfig config) {
        this.name = operation.name();
        this.breakers = breakers;
        this.time = breakers.time();
        this.listeners = breakers.listeners();
        this.operation = operation;
        this.config = config;
        this.shape = Shape.of(config);
        this.windowClock = new MonotonicClock(time);
        this.phase = new AtomicReference<>(new Phase(State.CLOSED, 0, 0, time.nanoTime(), 0, 0, 1.0, 0, 0));
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
        Phase current = phase.get();
        if (current.state() == State.CLOSED) { // the usual case: a small method the caller can inline
            return current.generation() << 1;
        }
        return acquireNotClosed(settings);
    }

    /** The circuit is open or half-open (or has just changed): a trial, a rejection, or the decision again. */
    private long acquireNotClosed(CircuitBreakerConfig settings) {
        while (true) {
            Phase current = phase.get();
            if (current.state() == State.CLOSED) {
                return current.generation() << 1;
            }
            switch (current.state()) {
                case OPEN: {
                    long now = time.nanoTime();
                    long period = openNanos(settings, current);
                    if (now - current.sinceNanos() < period) {
                        return reject();
                    }
                    if (!claim(false, period)) {
                        // Another instance sends the trial of this period: stay open for another one, and hear
                        // from it (its success closes here too, through the shared state).
                        Phase reopened = current.reopened(now);
                        if (phase.compareAndSet(current, reopened)) {
                            return reject();
                        }
                        break;
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
                    if (current.trialsInFlight() > 0 && now - current.sinceNanos() >= halfOpenMaxWaitNanos(settings)) {
                        // The trials never answered (a hung provider, no attempt timeout): that is no sign of
                        // recovery. Open again; a fresh trial goes after the next recovery period. (Without trials
                        // in flight, as after a healthy probe and no traffic, the next call is simply the trial.)
                        Phase reopened = current.opened(current.failures(), now, jitter(settings));
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
                    Phase more = current.withTrials(current.trialsInFlight() + 1);
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

    /**
     * Whether a call admitted with {@code permit} may send a hedge: as {@link #mayRetry}, and only while the breaker
     * counts no failure. A hedge answers a slow provider, not a failing one: to a provider that fails (an overload
     * answering 529s and slowing down) a second request only adds load. The first success clears the count.
     */
    boolean mayHedge(long permit) {
        return mayRetry(permit) && phase.get().failures() == 0;
    }

    /**
     * A logical call succeeded: resets the failure count; a successful trial closes the circuit. In the rate mode
     * the success goes into the window (slow or not), and may open the circuit: a rate at the threshold, or a
     * slow-call rate. It decides with the settings last used ({@link #config}), since success carries none.
     */
    void onSuccess(long permit, long nowNanos, long durationNanos) {
        CircuitBreakerConfig settings = config;
        if (settings.mode() != BreakerMode.FAILURE_RATE) {
            Phase current = phase.get();
            if (current.failures() == 0 && current.state() == State.CLOSED && events == null
                    && current.elsewhereUntilNanos() == 0) {
                return; // the usual case: a closed circuit with nothing to reset, and no Resilience4j listener
            }
        }
        recordSuccess(permit, nowNanos, durationNanos, settings);
    }

    /** A success that may change the phase or that someone listens to: out of line, so the usual case stays small. */
    private void recordSuccess(long permit, long nowNanos, long durationNanos, CircuitBreakerConfig settings) {
        Exceeded exceeded = settings.mode() == BreakerMode.FAILURE_RATE
                ? recordInWindow(permit, settings, durationNanos, false) : null;
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
            } else if (exceeded != null) {
                Phase open = current.opened(0, nowNanos, jitter(settings));
                if (phase.compareAndSet(current, open)) {
                    transitioned(current, open, exceeded);
                    break;
                }
            } else if (current.failures() == 0 && current.elsewhereUntilNanos() == 0
                    || phase.compareAndSet(current, current.withFailures(0).withElsewhere(0))) {
                break; // a success here contradicts another instance's opening: it is dropped
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
        boolean byRate = settings.mode() == BreakerMode.FAILURE_RATE;
        Exceeded exceeded = byRate ? recordInWindow(permit, settings, durationNanos, true) : null;
        boolean counted = false;
        while (true) {
            Phase current = phase.get();
            if (!holds(permit, current)) {
                break; // the breaker has moved on: an outcome from an earlier phase says nothing about this one
            }
            counted = true;
            Phase next;
            boolean fromElsewhere = false;
            if (current.state() == State.HALF_OPEN) {
                next = current.opened(current.failures(), now, jitter(settings));
            } else {
                int failures = current.failures() + 1;
                boolean opens = byRate ? exceeded != null : failures >= settings.failureThreshold();
                long elsewhere = current.elsewhereUntilNanos() == 0 ? 0 : current.elsewhereUntilNanos() - now;
                fromElsewhere = !opens && elsewhere > 0; // this failure confirms another instance's opening
                next = opens ? current.opened(failures, now, jitter(settings))
                        : fromElsewhere ? current.openedFor(failures, now, elsewhere)
                        : current.withFailures(failures);
            }
            if (phase.compareAndSet(current, next)) {
                if (next.state() != current.state()) {
                    transitioned(current, next, current.state() == State.CLOSED ? exceeded : null, !fromElsewhere);
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
            Phase fewer = current.withTrials(current.trialsInFlight() - 1);
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
            Shape wanted = Shape.of(settings);
            if (!wanted.equals(shape)) {
                shape = wanted; // a new shape object: the window of the old one is replaced at its next outcome
            }
        }
    }

    /**
     * Records a closed-phase outcome in the window and says whether a rate now opens the circuit: which, or null.
     * Trials (half-open) and outcomes of a phase that has ended are not recorded.
     */
    private Exceeded recordInWindow(long permit, CircuitBreakerConfig settings, long durationNanos, boolean failed) {
        if ((permit & 1) != 0 || !holds(permit, phase.get())) {
            return null;
        }
        Window current = windowFor(permit >>> 1);
        if (current == null) {
            return null;
        }
        Duration slowAfter = settings.slowCallDurationThreshold();
        boolean slow = slowAfter != null && durationNanos >= slowAfter.toNanos();
        Outcome outcome = failed ? (slow ? Outcome.SLOW_ERROR : Outcome.ERROR) : (slow ? Outcome.SLOW_SUCCESS : Outcome.SUCCESS);
        Snapshot now = current.metrics().record(durationNanos, TimeUnit.NANOSECONDS, outcome);
        if (now.getTotalNumberOfCalls() < settings.effectiveMinimumNumberOfCalls()) {
            return null;
        }
        float failureRate = now.getFailureRate();
        if (failureRate >= settings.failureRateThreshold()) {
            return new Exceeded(false, failureRate, "failure rate " + failureRate + "% >= "
                    + settings.failureRateThreshold() + "% of " + now.getTotalNumberOfCalls() + " outcomes");
        }
        float slowRate = now.getSlowCallRate();
        if (slowAfter != null && slowRate >= settings.slowCallRateThreshold()) {
            return new Exceeded(true, slowRate, "slow-call rate " + slowRate + "% >= " + settings.slowCallRateThreshold()
                    + "% of " + now.getTotalNumberOfCalls() + " outcomes (slow: " + ConfigKey.readable(slowAfter)
                    + " or more)");
        }
        return null;
    }

    /**
     * The window of the closed phase {@code generation} in the current shape, created on its first outcome; null
     * when a later phase already has one (this outcome's phase has ended).
     */
    private Window windowFor(long generation) {
        Shape wanted = shape;
        Window current = window.get();
        while (true) {
            if (current != null && current.generation() > generation) {
                return null;
            }
            if (current != null && current.generation() == generation && current.shape() == wanted) {
                return current;
            }
            Window fresh = new Window(generation, wanted, wanted.type() == SlidingWindowType.COUNT
                    ? new FixedSizeSlidingWindowMetrics(wanted.size())
                    : new SlidingTimeWindowMetrics(wanted.size(), windowClock));
            if (window.compareAndSet(current, fresh)) {
                return fresh;
            }
            current = window.get();
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
        transitioned(from, to, null, true);
    }

    private void transitioned(Phase from, Phase to, Exceeded exceeded) {
        transitioned(from, to, exceeded, true);
    }

    /**
     * {@code exceeded}: the rate that opened a closed circuit in the rate mode; else null. {@code share}: false for
     * a transition another instance's state caused, which is not told back.
     */
    private void transitioned(Phase from, Phase to, Exceeded exceeded, boolean share) {
        CircuitState fromState = map(from.state());
        CircuitState toState = map(to.state());
        if (exceeded != null) {
            BreakerEvents listening = events;
            if (listening != null) { // before the transition, as Resilience4j publishes it
                listening.processEvent(exceeded.slow()
                        ? new CircuitBreakerOnSlowCallRateExceededEvent(name, exceeded.rate())
                        : new CircuitBreakerOnFailureRateExceededEvent(name, exceeded.rate()));
            }
        }
        switch (toState) {
            case OPEN:
                LOG.warn("Circuit breaker for operation '{}' opened ({} -> open{}); calls are rejected for {}",
                        name, fromState, exceeded == null ? "" : ": " + exceeded.why(),
                        ConfigKey.readable(Duration.ofNanos(openNanos(config, to))));
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
        if (share) {
            share(to);
        }
        if (toState == CircuitState.OPEN) {
            startProbing();
        }
    }

    /**
     * The jitter of a new open period: drawn only with fast recovery on, so that the seed's fixed period leaves the
     * injected random's sequence (retry jitter) as it was.
     */
    private double jitter(CircuitBreakerConfig settings) {
        return settings.fastRecovery() ? RecoveryInterval.draw(breakers.random()) : 1.0;
    }

    /** How long the open phase {@code current} lasts under {@code settings} (see {@link RecoveryInterval}). */
    static long openNanos(CircuitBreakerConfig settings, Phase current) {
        return current.openForNanos() > 0 ? current.openForNanos()
                : RecoveryInterval.nanos(settings, current.opens(), current.jitter());
    }

    // ---------------------------------------------------------------- shared with other instances

    /**
     * Whether this instance may send the next trial (or, {@code probe}, run the next health probe): always without
     * shared state, or when the store cannot answer (each instance then decides alone); otherwise only the one
     * instance that claims it for {@code holdNanos}, so the cluster sends one trial per period and one probe per
     * interval, not one per instance. Trials and probes are claimed apart: a trial's claim lasts an open period, and
     * must not silence the probe that would end that period early.
     */
    private boolean claim(boolean probe, long holdNanos) {
        SharedState shared = breakers.shared();
        if (!shared.isShared()) {
            return true;
        }
        Duration hold = Duration.ofNanos(holdNanos);
        try {
            return probe ? shared.claimProbe(name, hold) : shared.claimTrial(name, hold);
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * Another instance's breaker for this operation opened, for {@code remainingNanos} more. A closed circuit here
     * that has a failure of its own since its last success opens for that long at once; one that has none keeps the
     * opening in reserve and opens at its first failure while it runs, and drops it at its first success. So an
     * outage costs each other instance at most one request, and one instance's local fault (its network, its key)
     * never opens the circuits of instances whose calls succeed. An open or half-open circuit keeps its own course.
     * Not shared back.
     */
    void openedElsewhere(long remainingNanos) {
        while (true) {
            Phase current = phase.get();
            if (current.state() != State.CLOSED || remainingNanos <= 0) {
                return;
            }
            long now = time.nanoTime();
            if (current.failures() == 0) {
                if (phase.compareAndSet(current, current.withElsewhere(now + remainingNanos))) {
                    return;
                }
                continue;
            }
            Phase open = current.openedFor(current.failures(), now, remainingNanos);
            if (phase.compareAndSet(current, open)) {
                transitioned(current, open, null, false);
                return;
            }
        }
    }

    /**
     * Another instance's breaker closed (its trial succeeded): an open circuit here goes half-open, so its next call
     * is a trial of its own rather than waiting out its period. Not shared back.
     */
    void closedElsewhere() {
        while (true) {
            Phase current = phase.get();
            if (current.state() != State.OPEN) {
                return;
            }
            Phase trial = current.next(State.HALF_OPEN, current.failures(), time.nanoTime(), 0);
            if (phase.compareAndSet(current, trial)) {
                transitioned(current, trial, null, false);
                return;
            }
        }
    }

    /** Tells the other instances what this breaker decided from its own traffic; never fails the caller. */
    private void share(Phase to) {
        SharedState shared = breakers.shared();
        if (!shared.isShared()) {
            return;
        }
        try {
            if (to.state() == State.OPEN) {
                shared.breakerOpened(name, Duration.ofNanos(openNanos(config, to)));
            } else if (to.state() == State.CLOSED) {
                shared.breakerClosed(name);
            }
        } catch (RuntimeException e) {
            LOG.debug("Breaker state of operation '{}' not shared: {}", name, e.toString());
        }
    }

    // ---------------------------------------------------------------- health probe

    /**
     * A registered probe and its chain: at most one run scheduled or running at a time ({@code chained}), so probes
     * never overlap; counts for the report.
     */
    private static final class HealthProbe {
        final Callable<?> callable;
        final AtomicBoolean chained = new AtomicBoolean();
        final AtomicLong healthy = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        /** Monotonic time of the next run, or {@link Long#MIN_VALUE} when none is scheduled. */
        volatile long nextNanos = Long.MIN_VALUE;

        HealthProbe(Callable<?> callable) {
            this.callable = callable;
        }
    }

    /**
     * Registers {@code callable} as the operation's health probe (replacing any), or removes it ({@code null}). While
     * the circuit is open it runs every {@code healthProbeInterval} on the scheduler; the first healthy run moves the
     * circuit to half-open. A replaced probe's chain ends after its current run.
     */
    void healthProbe(Callable<?> callable) {
        if (callable != null && breakers.scheduler() == null) {
            throw new IllegalStateException("no scheduler to run the health probe of operation '" + name + "' on");
        }
        probe = callable == null ? null : new HealthProbe(callable);
        startProbing();
    }

    /** Starts the probe's chain if a probe is registered, the circuit is open and no chain runs. */
    private void startProbing() {
        HealthProbe current = probe;
        if (current != null && phase.get().state() == State.OPEN && !breakers.isClosed()
                && current.chained.compareAndSet(false, true)) {
            scheduleProbe(current);
        }
    }

    private void scheduleProbe(HealthProbe chain) {
        Duration every = config.healthProbeInterval();
        chain.nextNanos = time.nanoTime() + every.toNanos();
        try {
            breakers.scheduler().schedule(() -> runProbe(chain), every);
        } catch (RuntimeException e) { // a closed scheduler: the orchestrator is shutting down
            LOG.debug("Health probe of operation '{}' not scheduled", name, e);
            chain.nextNanos = Long.MIN_VALUE;
            chain.chained.set(false);
        }
    }

    /**
     * One run of the chain, on the scheduler's thread (never a caller's, never under a lock). Healthy: the open
     * circuit becomes half-open and the chain ends. Failed: the next run is scheduled while the circuit stays open.
     */
    private void runProbe(HealthProbe chain) {
        if (probe != chain || phase.get().state() != State.OPEN || breakers.isClosed()) {
            endChain(chain);
            return;
        }
        if (!claim(true, config.healthProbeInterval().toNanos())) {
            scheduleProbe(chain); // another instance probes this interval; its success closes here too
            return;
        }
        long start = time.nanoTime();
        boolean healthy;
        Throwable failure = null;
        try {
            healthy = !Boolean.FALSE.equals(chain.callable.call());
        } catch (Exception e) {
            healthy = false;
            failure = e;
        } catch (Error e) {
            endChain(chain);
            throw e;
        }
        (healthy ? chain.healthy : chain.failed).incrementAndGet();
        if (!listeners.isEmpty()) {
            listeners.publish(new HealthProbeEvent(name, healthy, Duration.ofNanos(time.nanoTime() - start), failure,
                    time.now()));
        }
        if (!healthy) {
            LOG.debug("Health probe of operation '{}' failed", name, failure);
            if (probe == chain && phase.get().state() == State.OPEN && !breakers.isClosed()) {
                scheduleProbe(chain);
            } else {
                endChain(chain);
            }
            return;
        }
        while (true) {
            Phase current = phase.get();
            if (current.state() != State.OPEN) {
                break; // a trial or a reset got there first
            }
            Phase trial = current.next(State.HALF_OPEN, current.failures(), time.nanoTime(), 0);
            if (phase.compareAndSet(current, trial)) {
                LOG.info("Circuit breaker for operation '{}': health probe succeeded", name);
                transitioned(current, trial);
                break;
            }
        }
        endChain(chain);
    }

    /**
     * Ends the chain; restarts it if the circuit opened again meanwhile (that opening saw the chain running and
     * started none).
     */
    private void endChain(HealthProbe chain) {
        chain.nextNanos = Long.MIN_VALUE;
        chain.chained.set(false);
        if (probe == chain) {
            startProbing();
        }
    }

    // ---------------------------------------------------------------- reporting

    /**
     * The state as reported to people: an open circuit whose recovery timeout has passed reports
     * {@code half-open}, because the next call would be admitted as a trial.
     */
    CircuitState reportedState() {
        Phase current = phase.get();
        if (current.state() == State.OPEN && time.nanoTime() - current.sinceNanos() >= openNanos(config, current)) {
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
        long remaining = current.sinceNanos() + openNanos(config, current) - time.nanoTime();
        return time.now().plusNanos(remaining);
    }

    CircuitBreakerSnapshot snapshot() {
        Phase current = phase.get();
        CircuitBreakerConfig settings = config;
        boolean byRate = settings.mode() == BreakerMode.FAILURE_RATE;
        boolean open = current.state() == State.OPEN;
        HealthProbe registered = probe;
        HealthProbeSnapshot probeReport = registered == null ? null : new HealthProbeSnapshot(
                MetricsRecorder.toInstant(time, registered.nextNanos), registered.healthy.get(), registered.failed.get());
        // In the rate mode consecutive failures open nothing, so the threshold does not cap the count reported.
        return new CircuitBreakerSnapshot(name, reportedState(),
                byRate ? current.failures() : Math.min(current.failures(), settings.failureThreshold()),
                settings.failureThreshold(), settings.recoveryTimeout(), settings.halfOpenMaxCalls(),
                MetricsRecorder.toInstant(time, lastFailureNanos), openUntil(), operationSnapshot(),
                byRate ? windowReport(current, settings) : null,
                open ? Duration.ofNanos(openNanos(settings, current)) : null, current.opens(), probeReport);
    }

    /**
     * The window as it decides now: while closed, this closed phase's (empty until its first outcome); while open
     * or half-open, the one the closed circuit last filled. A time window first drops the seconds that have passed.
     */
    private SlidingWindowSnapshot windowReport(Phase current, CircuitBreakerConfig settings) {
        Window held = reportedWindow(current);
        Snapshot now = held == null ? null : held.metrics().getSnapshot();
        int calls = now == null ? 0 : now.getTotalNumberOfCalls();
        int minimum = settings.effectiveMinimumNumberOfCalls();
        boolean rated = calls > 0 && calls >= minimum;
        Shape reported = held == null ? Shape.of(settings) : held.shape();
        return new SlidingWindowSnapshot(reported.type().wireName(), reported.size(), calls,
                now == null ? 0 : now.getNumberOfFailedCalls(), now == null ? 0 : now.getTotalNumberOfSlowCalls(),
                minimum, rated ? now.getFailureRate() : -1f, settings.failureRateThreshold(),
                rated ? now.getSlowCallRate() : -1f,
                settings.slowCallDurationThreshold() == null ? -1 : settings.slowCallRateThreshold());
    }

    /** The window a report shows (see {@link #windowReport}), or null for an empty one. */
    private Window reportedWindow(Phase current) {
        Window held = window.get();
        return held != null && current.state() == State.CLOSED && held.generation() != current.generation() ? null : held;
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
            Phase next = to == State.OPEN
                    ? current.opened(failures, time.nanoTime(), jitter(config))
                    : current.next(to, failures, time.nanoTime(), 0);
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
        CircuitBreakerConfig settings = config;
        if (settings.mode() != BreakerMode.FAILURE_RATE) {
            return new BreakerMetrics();
        }
        Window held = reportedWindow(phase.get());
        return new WindowMetrics(held == null ? null : held.metrics().getSnapshot(),
                settings.effectiveMinimumNumberOfCalls(), operationSnapshot());
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
     * Resilience4j's metrics view in the consecutive mode, read from the operation's own metrics, so Resilience4j's
     * meters and ours agree by construction. The counts are cumulative since the operation's last metrics reset, not
     * a sliding window: the breaker opens on consecutive failures ({@code failure_count} in our snapshot), which
     * Resilience4j cannot express (the rate mode reports its window: {@link WindowMetrics}). Successful and failed
     * calls are logical calls that ran; not permitted are the calls the open circuit refused (answered by a fallback
     * or not).
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

    /**
     * Resilience4j's metrics view in the rate mode: the window that decides, as Resilience4j reports its own
     * (buffered calls are the window's; rates are -1 until it holds the minimum). Not permitted are the calls the
     * open circuit refused since the operation's last metrics reset.
     */
    private static final class WindowMetrics implements Metrics {
        /** Null for an empty window. */
        private final Snapshot window;
        private final boolean rated;
        private final long notPermitted;

        WindowMetrics(Snapshot window, int minimumCalls, ResilienceMetrics reported) {
            this.window = window;
            this.rated = window != null && window.getTotalNumberOfCalls() > 0
                    && window.getTotalNumberOfCalls() >= minimumCalls;
            this.notPermitted = reported.count(CallOutcome.REJECTED.tag(), CallReason.CIRCUIT_OPEN.tag())
                    + reported.count(CallOutcome.FALLBACK.tag(), CallReason.CIRCUIT_OPEN.tag());
        }

        @Override
        public float getFailureRate() {
            return rated ? window.getFailureRate() : -1f;
        }

        @Override
        public float getSlowCallRate() {
            return rated ? window.getSlowCallRate() : -1f;
        }

        @Override
        public int getNumberOfSlowCalls() {
            return window == null ? 0 : window.getTotalNumberOfSlowCalls();
        }

        @Override
        public int getNumberOfSlowSuccessfulCalls() {
            return window == null ? 0 : window.getNumberOfSlowSuccessfulCalls();
        }

        @Override
        public int getNumberOfSlowFailedCalls() {
            return window == null ? 0 : window.getNumberOfSlowFailedCalls();
        }

        @Override
        public int getNumberOfBufferedCalls() {
            return window == null ? 0 : window.getTotalNumberOfCalls();
        }

        @Override
        public int getNumberOfFailedCalls() {
            return window == null ? 0 : window.getNumberOfFailedCalls();
        }

        @Override
        public long getNumberOfNotPermittedCalls() {
            return notPermitted;
        }

        @Override
        public int getNumberOfSuccessfulCalls() {
            return window == null ? 0 : window.getNumberOfSuccessfulCalls();
        }
    }

    /** Our monotonic time as a {@link Clock}, for Resilience4j's time window (it reads only epoch seconds). */
    private static final class MonotonicClock extends Clock {
        private final TimeSource time;

        MonotonicClock(TimeSource time) {
            this.time = time;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a monotonic clock has no zone");
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(0, time.nanoTime());
        }

        @Override
        public long millis() {
            return Math.floorDiv(time.nanoTime(), 1_000_000L);
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
