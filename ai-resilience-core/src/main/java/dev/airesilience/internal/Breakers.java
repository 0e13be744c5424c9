package dev.airesilience.internal;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Creates the per-operation breakers, once per operation, and publishes them in a Resilience4j
 * {@link CircuitBreakerRegistry} so that Resilience4j tooling (resilience4j-micrometer, dashboards) sees them. A
 * breaker is never rebuilt: its settings come with each decision (see {@link OperationBreaker}).
 */
final class Breakers {

    private final TimeSource time;
    private final Listeners listeners;
    private final BreakerRegistry registry = new BreakerRegistry();

    Breakers(TimeSource time, Listeners listeners) {
        this.time = time;
        this.listeners = listeners;
    }

    CircuitBreakerRegistry registry() {
        return registry;
    }

    /** The operation's breaker, created with {@code config} on first use. */
    OperationBreaker forOperation(OperationState op, CircuitBreakerConfig config) {
        OperationBreaker current = op.breaker.get();
        if (current != null) {
            return current;
        }
        OperationBreaker fresh = new OperationBreaker(op, time, listeners, config);
        if (!op.breaker.compareAndSet(null, fresh)) {
            return op.breaker.get();
        }
        // A user may have created a plain Resilience4j breaker under this name through the registry first;
        // ours is the one the orchestrator uses, so it takes the name.
        if (registry.register(op.name, () -> fresh) != fresh) {
            registry.replace(op.name, fresh);
        }
        return fresh;
    }
}
