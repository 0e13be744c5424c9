package dev.airesilience.circuit;

import dev.airesilience.internal.Listeners;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.time.TimeSource;
import dev.airesilience.pipeline.Operation;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * The operation's breaker in {@code slot}, created with {@code config} on first use and published in the
     * registry under the operation's name.
     */
    OperationBreaker forOperation(Operation op, AtomicReference<OperationBreaker> slot, CircuitBreakerConfig config) {
        OperationBreaker current = slot.get();
        if (current != null) {
            return current;
        }
        OperationBreaker fresh = new OperationBreaker(op, time, listeners, config);
        if (!slot.compareAndSet(null, fresh)) {
            return slot.get();
        }
        // A user may have created a plain Resilience4j breaker under this name through the registry first;
        // ours is the one the orchestrator uses, so it takes the name.
        if (registry.register(op.name(), () -> fresh) != fresh) {
            registry.replace(op.name(), fresh);
        }
        return fresh;
    }
}
