package dev.airesilience.streaming;

/** Stops a stream. Idempotent; after it, the stream's observer hears nothing more. */
@FunctionalInterface
public interface StreamSubscription {

    /** Nothing to stop (a stream that cannot be cancelled). */
    StreamSubscription NONE = () -> {};

    void cancel();
}
