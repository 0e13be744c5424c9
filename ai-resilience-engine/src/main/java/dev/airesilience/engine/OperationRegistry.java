package dev.airesilience.engine;

import dev.airesilience.exception.OperationLimitExceededException;
import dev.airesilience.internal.OperationNames;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.pipeline.Pipeline;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Operation name → state, bounded by {@code maxOperations}. Exactly one state per name, even under races. */
final class OperationRegistry {

    private final ConcurrentHashMap<String, Operation> states = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int maxOperations;
    private final Function<Operation, Pipeline> pipelines;

    OperationRegistry(int maxOperations, Function<Operation, Pipeline> pipelines) {
        this.maxOperations = maxOperations;
        this.pipelines = pipelines;
    }

    Operation getOrCreate(String name) {
        Operation existing = states.get(name);
        if (existing != null) {
            return existing;
        }
        OperationNames.validate(name);
        return states.computeIfAbsent(name, n -> {
            // Reserve a slot inside computeIfAbsent, so that the cap is exact even when threads race.
            if (size.incrementAndGet() > maxOperations) {
                size.decrementAndGet();
                throw new OperationLimitExceededException(n, maxOperations);
            }
            return new Operation(n, pipelines);
        });
    }

    Operation find(String name) {
        return name == null ? null : states.get(name);
    }

    Collection<Operation> all() {
        return states.values();
    }

    int maxOperations() {
        return maxOperations;
    }
}
