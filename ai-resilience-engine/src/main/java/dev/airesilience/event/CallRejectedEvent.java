package dev.airesilience.event;

import java.time.Duration;

/**
 * A call was refused before its first attempt: the function is not invoked. A {@link CallCompletedEvent} with
 * outcome {@code REJECTED} (or {@code FALLBACK} when a fallback answered) and the same reason follows.
 *
 * @param operation the operation name
 * @param reason {@link CallReason#CIRCUIT_OPEN}, {@link CallReason#RATE_LIMITED} or
 *     {@link CallReason#CLIENT_THROTTLED}
 * @param retryAfter how long until the operation admits calls again, as far as the orchestrator knows
 */
public record CallRejectedEvent(String operation, CallReason reason, Duration retryAfter) implements ResilienceEvent {}
