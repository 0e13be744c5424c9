package dev.airesilience.context;

/**
 * Carries thread-bound context (a logging MDC, a security context, the current trace) from the thread that starts a
 * call to the threads that run its attempts and its fallback.
 *
 * <p>{@link #capture()} runs on the caller's thread when a call starts that can move to another thread: an
 * asynchronous call, or a blocking call with an attempt timeout (its attempts run on a worker). A blocking call
 * without one runs entirely on the caller's thread and captures nothing. The captured context is restored around
 * every attempt and around the fallback, on whatever thread runs them; propagators are restored in the order they
 * were registered and closed in reverse.
 *
 * <p>An exception thrown by a propagator is logged and does not affect the call.
 */
@FunctionalInterface
public interface CallContextPropagator {

    /** Captures the current thread's context; never null. */
    CapturedContext capture();

    /** SLF4J's MDC: the caller's map, restored as a whole (an empty MDC when the caller had none). */
    static CallContextPropagator mdc() {
        return MdcPropagator.INSTANCE;
    }
}
