package dev.airesilience.context;

/**
 * Context put in place on the current thread; closing it puts back what was there before. Closed on the thread
 * that opened it, in reverse order of opening.
 */
@FunctionalInterface
public interface ContextScope extends AutoCloseable {

    /** A scope that changed nothing. */
    ContextScope NOOP = () -> { };

    @Override
    void close();
}
