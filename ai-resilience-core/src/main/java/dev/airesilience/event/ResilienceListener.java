package dev.airesilience.event;

/**
 * Hooks into what the orchestrator does. Every method has a no-op default, so new events never break an
 * implementation.
 *
 * <p>Contract: methods run on the calling thread, in the middle of the call, so they must be fast and must
 * not call back into the orchestrator. An exception thrown from a listener is caught: the call completes
 * regardless, and the failure is logged once per listener (at WARN; later ones at DEBUG).
 */
public interface ResilienceListener {

    /** A transient failure will be retried after {@code event.delay()} (the seed's {@code custom_before_sleep}). */
    default void onRetry(RetryEvent event) {}

    /** An operation's circuit changed state. */
    default void onCircuitStateChange(CircuitStateChangeEvent event) {}

    /** A streamed call delivered its first element (time to first token); only streamed calls report it. */
    default void onStreamStarted(StreamStartedEvent event) {}

    /** A logical call finished, whatever its outcome (FALLBACK only when a fallback answered without throwing). */
    default void onCallCompleted(CallCompletedEvent event) {}
}
