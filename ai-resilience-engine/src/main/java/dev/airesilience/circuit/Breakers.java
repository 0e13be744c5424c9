package dev.airesilience.circuit;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.internal.Listeners;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Creates the per-operation breakers, once per operation, and publishes them in a Resilience4j
 * {@link CircuitBreakerRegistry} so that Resilience4j tooling (resilience4j-micrometer, dashboards) sees them. A
 * breaker is never rebuilt: its settings come with each decision (see {@link OperationBreaker}).
 */
public final class Breakers {

    private final TimeSource time;
    private final Listeners listeners;
    private final BreakerRegistry registry = new BreakerRegistry();

    public Breakers(TimeSource time, Listeners listeners) {
        this.time = time;
        this.listeners = listeners;
    }

    public CircuitBreakerRegistry registry() {
        return registry;
    }

    /** A new breaker for {@code op}, not yet published. */
    OperationBreaker create(Operation op, CircuitBreakerConfig config) {
        return new OperationBreaker(op, time, listeners, config);
    }

    /** Publishes the operation's breaker in the registry under the operation's name. */
    void publish(OperationBreaker breaker) {
        // A user may have created a plain Resilience4j breaker under this name through the registry first;
        // ours is the one the orchestrator uses, so it takes the name.
        if (registry.register(breaker.getName(), () -> breaker) != breaker) {
            registry.replace(breaker.getName(), breaker);
        }
    }
}
