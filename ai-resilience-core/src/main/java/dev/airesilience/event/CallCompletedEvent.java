package dev.airesilience.event;

import dev.airesilience.config.ResilienceStrategy;

/**
 * @param operation the operation name
 * @param strategy the strategy of the configuration the call ran with
 * @param outcome how it ended
 * @param attempts how many times the function was invoked (0 when rejected)
 * @param latencyNanos wall time of the whole logical call, backoff included
 */
public record CallCompletedEvent(
        String operation, ResilienceStrategy strategy, CallOutcome outcome, int attempts, long latencyNanos) {}
