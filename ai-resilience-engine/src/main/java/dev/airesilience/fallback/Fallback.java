package dev.airesilience.fallback;

import java.util.function.Function;

/**
 * Answers a call that failed, was rejected by an open circuit, or hit a rate-limit cooldown. Runs at most once
 * per logical call. If it throws, the caller gets that exception, with the original failure attached as
 * suppressed.
 *
 * @param <R> the result type of the protected call
 */
@FunctionalInterface
public interface Fallback<R> {

    R apply(FallbackContext context);

    /** A fallback that always answers {@code value}. */
    static <R> Fallback<R> value(R value) {
        return context -> value;
    }

    /** A fallback computed from the failure alone. */
    static <R> Fallback<R> fromCause(Function<Throwable, ? extends R> function) {
        return context -> function.apply(context.cause());
    }
}
