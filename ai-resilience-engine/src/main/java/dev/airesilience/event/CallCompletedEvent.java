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
 */
public record CallCompletedEvent(String operation, ResilienceStrategy strategy, CallOutcome outcome,
        CallReason reason, int attempts, long latencyNanos) implements ResilienceEvent {}
