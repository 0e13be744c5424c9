package dev.airesilience.context;

/** Context captured on the caller's thread, to be restored on the thread that runs part of the call. */
@FunctionalInterface
public interface CapturedContext {

    /**
     * Puts the captured context in place on the current thread, which may run other work before and after: the
     * returned scope must put back exactly what was there.
     */
    ContextScope restore();
}
