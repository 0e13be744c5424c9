package dev.airesilience.engine;

import java.util.function.Function;

/**
 * How the core's own packages outside the root (streaming) reach an orchestrator's machinery without
 * {@code AIServiceResilience} exposing it publicly: the orchestrator registers the accessor once, in its static
 * initialiser. Typed on {@code Object} so the engine does not depend on the package above it. This package is not
 * exported by the module, so applications cannot use it.
 */
public final class CoreAccess {

    private static volatile Function<Object, ResilienceCore> accessor;

    private CoreAccess() {}

    /** Called once by {@code AIServiceResilience}. */
    public static void register(Function<Object, ResilienceCore> coreOf) {
        accessor = coreOf;
    }

    /** The machinery of {@code resilience}, an {@code AIServiceResilience}. */
    public static ResilienceCore coreOf(Object resilience) {
        Function<Object, ResilienceCore> coreOf = accessor;
        if (coreOf == null) {
            // AIServiceResilience registers in its static initialiser, which ran if an instance exists.
            throw new IllegalStateException("AIServiceResilience has not been initialised");
        }
        return coreOf.apply(resilience);
    }
}
