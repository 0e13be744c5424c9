package dev.airesilience.circuit;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.recording.Listeners;
import dev.airesilience.shared.SharedState;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.random.RandomGenerator;

/**
 * Creates the per-operation breakers, once per operation, and publishes them in a Resilience4j
 * {@link CircuitBreakerRegistry} so that Resilience4j tooling (resilience4j-micrometer, dashboards) sees them. A
 * breaker is never rebuilt: its settings come with each decision (see {@link OperationBreaker}). Holds what all
 * breakers share: the clock, the listeners, the random that jitters open periods, the scheduler health probes
 * run on and the state shared with other instances.
 */
public final class Breakers {

    /** A draw of one half: no jitter. */
    private static final RandomGenerator NO_JITTER = () -> 1L << 63;

    private final TimeSource time;
    private final Listeners listeners;
    private final RandomGenerator random;
    private final Scheduler scheduler;
    private final SharedState shared;
    private final BreakerRegistry registry = new BreakerRegistry();
    private volatile boolean closed;

    public Breakers(TimeSource time, Listeners listeners, RandomGenerator random, Scheduler scheduler) {
        this(time, listeners, random, scheduler, SharedState.none());
    }

    /** With breaker state shared with other instances through {@code shared} (see {@link OperationBreaker}). */
    public Breakers(TimeSource time, Listeners listeners, RandomGenerator random, Scheduler scheduler,
            SharedState shared) {
        this.time = time;
        this.listeners = listeners;
        this.random = random;
        this.scheduler = scheduler;
        this.shared = shared;
    }

    /** Breakers without jitter and without health probes (registering one fails), for engine tests. */
    public Breakers(TimeSource time, Listeners listeners) {
        this(time, listeners, NO_JITTER, null);
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /** Stops every health probe: none is scheduled or started after this. */
    public void close() {
        closed = true;
    }

    /** A new breaker for {@code op}, not yet published. */
    OperationBreaker create(Operation op, CircuitBreakerConfig config) {
        return new OperationBreaker(op, this, config);
    }

    /** Publishes the operation's breaker in the registry under the operation's name. */
    void publish(OperationBreaker breaker) {
        // A user may have created a plain Resilience4j breaker under this name through the registry first;
        // ours is the one the orchestrator uses, so it takes the name.
        if (registry.register(breaker.getName(), () -> breaker) != breaker) {
            registry.replace(breaker.getName(), breaker);
        }
    }

    TimeSource time() {
        return time;
    }

    Listeners listeners() {
        return listeners;
    }

    RandomGenerator random() {
        return random;
    }

    SharedState shared() {
        return shared;
    }

    /** Null for breakers that cannot run health probes. */
    Scheduler scheduler() {
        return scheduler;
    }

    boolean isClosed() {
        return closed;
    }
}
