package dev.airesilience.event;

import dev.airesilience.config.ResilienceStrategy;

/**
 * The last event of every logical call, published exactly once. The core's metrics, the Micrometer meters and the
 * server's dashboard all count calls from this event, so they agree.
 *
 * @param operation the operation name
 * @param strategy the strategy of the configuration the call ran with
 * @param outcome how it ended
 * @param reason why: {@link CallReason#NONE} for a success, never {@code NONE} otherwise
 * @param attempts how many times the function was invoked (0 when rejected)
 * @param latencyNanos wall time of the whole logical call, backoff included
 * @param hedges hedged requests sent for the call's attempts (each a provider request besides its attempt's first)
 * @param hedgesWon how many of the call's attempts a hedge answered (at most one per attempt)
 */
public record CallCompletedEvent(String operation, ResilienceStrategy strategy, CallOutcome outcome,
        CallReason reason, int attempts, long latencyNanos, int hedges, int hedgesWon) implements ResilienceEvent {

    /** A call that sent no hedge. */
    public CallCompletedEvent(String operation, ResilienceStrategy strategy, CallOutcome outcome, CallReason reason,
            int attempts, long latencyNanos) {
        this(operation, strategy, outcome, reason, attempts, latencyNanos, 0, 0);
    }
}
