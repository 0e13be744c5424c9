package dev.airesilience.event;

/**
 * Something the orchestrator did for an operation. The hierarchy is sealed, so a {@code switch} or an
 * {@code instanceof} chain over it is exhaustive; the order in which one logical call emits them is described in
 * the {@linkplain dev.airesilience.event package documentation}.
 */
public sealed interface ResilienceEvent
        permits AttemptStartedEvent, AttemptFailedEvent, RetryEvent, CallRejectedEvent, CircuitStateChangeEvent,
        StreamStartedEvent, CallCompletedEvent, HealthProbeEvent, HedgeEvent {

    /** The operation the event belongs to. */
    String operation();
}
