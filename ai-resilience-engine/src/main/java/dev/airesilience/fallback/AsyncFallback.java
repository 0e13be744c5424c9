package dev.airesilience.fallback;

import java.util.concurrent.CompletionStage;

/**
 * The asynchronous form of {@link Fallback}, for {@code ResilienceDecorator.callAsync}: its stage's result or
 * failure is what the caller's future completes with.
 *
 * @param <R> the result type of the protected call
 */
@FunctionalInterface
public interface AsyncFallback<R> {

    CompletionStage<R> apply(FallbackContext context);
}
