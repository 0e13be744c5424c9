package dev.airesilience.internal;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, rebuilds and resets the per-operation breakers, and publishes them in a Resilience4j
 * {@link CircuitBreakerRegistry} so that Resilience4j tooling (resilience4j-micrometer, dashboards) sees them.
 */
final class Breakers {

    private static final Logger LOG = LoggerFactory.getLogger(Breakers.class);

    /** Slow calls are not failures for us: LLM generations are legitimately long. */
    private static final Duration NEVER_SLOW = Duration.ofDays(3650);

    /** Distinct breaker configurations are few; beyond this many, Resilience4j configs are no longer shared. */
    private static final int MAX_SHARED_CONFIGS = 64;

    private final TimeSource time;
    /** One clock and one Resilience4j config per distinct configuration, shared by all breakers: ~150 B less per operation. */
    private final java.time.Clock clock;
    private final ConcurrentHashMap<CircuitBreakerConfig, io.github.resilience4j.circuitbreaker.CircuitBreakerConfig> r4jConfigs =
            new ConcurrentHashMap<>();
    private final Listeners listeners;
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
    // Creation and rebuild only; never held around a user call.
    private final ReentrantLock lock = new ReentrantLock();

    Breakers(TimeSource time, Listeners listeners) {
        this.time = time;
        this.clock = time.asClock();
        this.listeners = listeners;
    }

    CircuitBreakerRegistry registry() {
        return registry;
    }

    /**
     * The operation's breaker, created on first use. When the configuration in force differs from the one the
     * breaker was built with, it is rebuilt; an open circuit stays open (its open period restarts), so a
     * configuration change never silently closes a tripped circuit.
     */
    BreakerHandle forConfig(OperationState op, CircuitBreakerConfig config) {
        BreakerHandle current = op.breaker.get();
        if (current != null && current.config.equals(config)) {
            return current;
        }
        lock.lock();
        try {
            current = op.breaker.get();
            if (current != null && current.config.equals(config)) {
                return current;
            }
            BreakerHandle fresh = create(op, config, current);
            op.breaker.set(fresh);
            return fresh;
        } finally {
            lock.unlock();
        }
    }

    /** The existing breaker, or a new one with {@code config} (an existing breaker is returned unchanged). */
    BreakerHandle getOrCreate(OperationState op, CircuitBreakerConfig config) {
        BreakerHandle current = op.breaker.get();
        return current != null ? current : forConfig(op, config);
    }

    private io.github.resilience4j.circuitbreaker.CircuitBreakerConfig r4jConfig(CircuitBreakerConfig config) {
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig shared = r4jConfigs.get(config);
        if (shared != null) {
            return shared;
        }
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig fresh = buildR4jConfig(config);
        if (r4jConfigs.size() < MAX_SHARED_CONFIGS) {
            r4jConfigs.putIfAbsent(config, fresh);
        }
        return fresh;
    }

    private io.github.resilience4j.circuitbreaker.CircuitBreakerConfig buildR4jConfig(CircuitBreakerConfig config) {
        return io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                .slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.failureThreshold())
                .minimumNumberOfCalls(config.failureThreshold())
                .failureRateThreshold(100f)
                .slowCallRateThreshold(100f)
                .slowCallDurationThreshold(NEVER_SLOW)
                .waitDurationInOpenState(config.recoveryTimeout())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenMaxCalls())
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
    }

    private BreakerHandle create(OperationState op, CircuitBreakerConfig config, BreakerHandle previous) {
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig r4jConfig = r4jConfig(config);
        CircuitBreaker circuitBreaker = previous == null
                ? registry.circuitBreaker(op.name, r4jConfig)
                : CircuitBreaker.of(op.name, r4jConfig);
        BreakerHandle handle = new BreakerHandle(op.name, circuitBreaker, config);
        if (previous != null) {
            handle.metrics.set(previous.metrics());
            handle.consecutiveFailures.set(previous.consecutiveFailures.get());
            if (previous.isOpen() || previous.circuitBreaker.getState() == State.HALF_OPEN) {
                // Before our listener is attached, so this carried-over state is not counted as a new opening.
                circuitBreaker.transitionToOpenState();
                handle.openedAt = time.now();
            }
            registry.replace(op.name, circuitBreaker);
            LOG.info("Rebuilt circuit breaker for operation '{}': {} -> {}", op.name, previous.config, config);
        }
        circuitBreaker.getEventPublisher().onStateTransition(event -> onTransition(op, handle, event));
        return handle;
    }

    private void onTransition(OperationState op, BreakerHandle handle, CircuitBreakerOnStateTransitionEvent event) {
        CircuitState from = map(event.getStateTransition().getFromState());
        CircuitState to = map(event.getStateTransition().getToState());
        if (to == CircuitState.OPEN) {
            handle.openedAt = time.now();
        }
        if (from == to || handle.quiet) {
            return;
        }
        MetricsRecorder opMetrics = op.metrics();
        MetricsRecorder breakerMetrics = handle.metrics();
        switch (to) {
            case OPEN:
                opMetrics.opens.increment();
                breakerMetrics.opens.increment();
                LOG.warn("Circuit breaker for operation '{}' opened ({} -> open); calls are rejected for {} s",
                        op.name, from, handle.config.recoveryTimeoutSeconds());
                break;
            case HALF_OPEN:
                opMetrics.halfOpens.increment();
                breakerMetrics.halfOpens.increment();
                LOG.info("Circuit breaker for operation '{}' is half-open; admitting {} trial call(s)",
                        op.name, handle.config.halfOpenMaxCalls());
                break;
            default:
                handle.consecutiveFailures.set(0);
                opMetrics.closes.increment();
                breakerMetrics.closes.increment();
                LOG.info("Circuit breaker for operation '{}' closed ({} -> closed)", op.name, from);
                break;
        }
        if (!listeners.isEmpty()) {
            listeners.circuitStateChange(new CircuitStateChangeEvent(op.name, from, to, time.now()));
        }
    }

    /** Manual reset: closed, failure count cleared; metrics kept; not counted as a transition. */
    void reset(BreakerHandle handle) {
        lock.lock();
        try {
            handle.quiet = true;
            handle.circuitBreaker.reset();
            handle.consecutiveFailures.set(0);
            handle.openedAt = null;
            handle.metrics().lastFailureReset();
        } finally {
            handle.quiet = false;
            lock.unlock();
        }
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
}
