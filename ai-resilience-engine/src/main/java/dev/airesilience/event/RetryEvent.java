package dev.airesilience.event;

import java.time.Duration;

/**
 * A retry is scheduled: the attempt that just failed will be followed by another after {@code delay}.
 *
 * @param operation the operation name
 * @param attempt the attempt that just failed (1 = the first call)
 * @param maxAttempts the attempt limit in force
 * @param delay how long the orchestrator waits before the next attempt
 * @param cause the failure of that attempt
 */
public record RetryEvent(String operation, int attempt, int maxAttempts, Duration delay, Throwable cause)
        implements ResilienceEvent {}
