package dev.airesilience.event;

import java.time.Duration;

/**
 * A streamed call delivered its first element.
 *
 * @param operation the operation
 * @param timeToFirstToken from the start of the logical call (retries and their waits included) to its first element
 */
public record StreamStartedEvent(String operation, Duration timeToFirstToken) implements ResilienceEvent {}
