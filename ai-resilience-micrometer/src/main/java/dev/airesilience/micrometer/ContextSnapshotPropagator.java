package dev.airesilience.micrometer;

import dev.airesilience.context.CallContextPropagator;
import dev.airesilience.context.CapturedContext;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Micrometer's context propagation for calls: every {@code ThreadLocalAccessor} registered in the
 * {@link ContextRegistry} (the current Observation, hence the trace; Spring Security's context; Reactor's and your
 * own) is captured when a call starts and restored around its attempts and fallback on whatever thread runs them.
 */
public final class ContextSnapshotPropagator implements CallContextPropagator {

    private final ContextSnapshotFactory factory;

    private ContextSnapshotPropagator(ContextSnapshotFactory factory) {
        this.factory = factory;
    }

    /** Captures every accessor of {@link ContextRegistry#getInstance()}. */
    public static ContextSnapshotPropagator create() {
        return new ContextSnapshotPropagator(ContextSnapshotFactory.builder().build());
    }

    /** Captures what {@code factory} captures (its registry, its key filter). */
    public static ContextSnapshotPropagator using(ContextSnapshotFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("factory must not be null");
        }
        return new ContextSnapshotPropagator(factory);
    }

    @Override
    public CapturedContext capture() {
        ContextSnapshot snapshot = factory.captureAll();
        return () -> snapshot.setThreadLocals()::close;
    }

    @Override
    public String toString() {
        return "ContextSnapshotPropagator";
    }
}
