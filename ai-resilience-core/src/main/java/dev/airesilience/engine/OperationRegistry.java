package dev.airesilience.engine;

import dev.airesilience.pipeline.Operation;
import dev.airesilience.pipeline.Pipeline;
import dev.airesilience.exception.OperationLimitExceededException;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Operation name → state, bounded by {@code maxOperations}. Exactly one state per name, even under races. */
final class OperationRegistry {

    static final int MAX_NAME_LENGTH = 200;

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
        validateName(name);
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

    /**
     * Operation names label metrics and logs, so they must be short and printable: 1 to 200 characters, no
     * control characters. Any script is fine.
     */
    static String validateName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("operation name must not be null");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("operation name must be 1 to " + MAX_NAME_LENGTH
                    + " characters and not blank, but was " + name.length() + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                throw new IllegalArgumentException("operation name must not contain control characters, but has U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
        }
        return name;
    }
}
