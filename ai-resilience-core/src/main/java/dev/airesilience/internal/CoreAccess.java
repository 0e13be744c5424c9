package dev.airesilience.internal;

import dev.airesilience.AIServiceResilience;
import java.util.function.Function;

/**
 * How the core's own packages outside the root (streaming) reach an orchestrator's machinery without
 * {@code AIServiceResilience} exposing it publicly: the orchestrator registers the accessor once, in its static
 * initialiser. This package is not exported by the module, so applications cannot use it.
 */
public final class CoreAccess {

    private static volatile Function<AIServiceResilience, ResilienceCore> accessor;

    private CoreAccess() {}

    /** Called once by {@code AIServiceResilience}. */
    public static void register(Function<AIServiceResilience, ResilienceCore> coreOf) {
        accessor = coreOf;
    }

    public static ResilienceCore coreOf(AIServiceResilience resilience) {
        Function<AIServiceResilience, ResilienceCore> coreOf = accessor;
        if (coreOf == null) {
            // AIServiceResilience registers in its static initialiser, which ran if an instance exists.
            throw new IllegalStateException("AIServiceResilience has not been initialised");
        }
        return coreOf.apply(resilience);
    }
}
