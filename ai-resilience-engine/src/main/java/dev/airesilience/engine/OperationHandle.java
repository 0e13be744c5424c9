package dev.airesilience.engine;

import dev.airesilience.pipeline.Operation;

/**
 * One operation of a {@link ResilienceCore}, looked up once: what a decorator keeps so that its calls skip the
 * registry. Operations are never removed from their core, so a handle stays valid as long as the core.
 */
public final class OperationHandle {

    final Operation operation;

    OperationHandle(Operation operation) {
        this.operation = operation;
    }

    public String name() {
        return operation.name();
    }
}
