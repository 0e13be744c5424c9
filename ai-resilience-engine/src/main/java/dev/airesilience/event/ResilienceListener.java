package dev.airesilience.event;

/**
 * Hooks into what the orchestrator does. Every method has a no-op default, so new events never break an
 * implementation.
 *
 * <p>Every event goes through {@link #onEvent}, whose default hands it to the matching typed method. Override
 * {@code onEvent} to receive the whole sequence in one place (as a recorder or an exporter would), or the typed
 * methods for just the events you need.
 *
 * <p>Contract: methods run on the thread driving the call, in the middle of the call, in the order described in
 * the {@linkplain dev.airesilience.event package documentation}; they must be fast and must not call back into the
 * orchestrator. An exception thrown from a listener is caught: the call completes regardless, and the failure is
 * logged once per listener (at WARN; later ones at DEBUG).
 */
public interface ResilienceListener {

    /** Receives every event; the default dispatches to the typed method of the event's type. */
    default void onEvent(ResilienceEvent event) {
        if (event instanceof CallCompletedEvent completed) {
            onCallCompleted(completed);
        } else if (event instanceof AttemptStartedEvent started) {
            onAttemptStarted(started);
        } else if (event instanceof AttemptFailedEvent failed) {
            onAttemptFailed(failed);
        } else if (event instanceof RetryEvent retry) {
            onRetry(retry);
        } else if (event instanceof CallRejectedEvent rejected) {
            onCallRejected(rejected);
        } else if (event instanceof CircuitStateChangeEvent change) {
            onCircuitStateChange(change);
        } else if (event instanceof StreamStartedEvent streamStarted) {
            onStreamStarted(streamStarted);
        } else if (event instanceof HealthProbeEvent probe) {
            onHealthProbe(probe);
        } else if (event instanceof HedgeEvent hedge) {
            onHedge(hedge);
        }
    }

    /** The function is about to be invoked. */
    default void onAttemptStarted(AttemptStartedEvent event) {}

    /** An attempt failed; its classification is in the event. */
    default void onAttemptFailed(AttemptFailedEvent event) {}

    /** A transient failure will be retried after {@code event.delay()} (the seed's {@code custom_before_sleep}). */
    default void onRetry(RetryEvent event) {}

    /** A call was refused before any attempt (open circuit, rate-limit cooldown). */
    default void onCallRejected(CallRejectedEvent event) {}

    /** An operation's circuit changed state. */
    default void onCircuitStateChange(CircuitStateChangeEvent event) {}

    /** A streamed call delivered its first element (time to first token); only streamed calls report it. */
    default void onStreamStarted(StreamStartedEvent event) {}

    /** A registered health probe ran while the circuit was open (on the scheduler's thread, not a call's). */
    default void onHealthProbe(HealthProbeEvent event) {}

    /** A hedge was sent for an attempt that had not answered after the hedge delay, or it answered the attempt. */
    default void onHedge(HedgeEvent event) {}

    /** A logical call finished, whatever its outcome (FALLBACK only when a fallback answered without throwing). */
    default void onCallCompleted(CallCompletedEvent event) {}
}
