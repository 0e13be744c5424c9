package dev.airesilience.event;

import dev.airesilience.classify.FailureKind;

/**
 * An attempt failed and its failure has been classified; a {@link RetryEvent} follows when it will be retried.
 * An attempt that ends because the call is interrupted or cancelled has no verdict and emits no such event.
 *
 * @param operation the operation name
 * @param attempt the attempt that failed (1 = the first)
 * @param kind what the classifier made of the failure
 * @param cause the failure as the function (or the attempt timeout) raised it
 */
public record AttemptFailedEvent(String operation, int attempt, FailureKind kind, Throwable cause)
        implements ResilienceEvent {}
