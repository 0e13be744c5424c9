package dev.airesilience.event;

/**
 * The protected function is about to be invoked.
 *
 * @param operation the operation name
 * @param attempt 1 for the first invocation of the logical call, 2 for the first retry, and so on
 */
public record AttemptStartedEvent(String operation, int attempt) implements ResilienceEvent {}
