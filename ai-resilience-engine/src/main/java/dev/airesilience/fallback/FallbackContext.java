package dev.airesilience.fallback;

/**
 * What a fallback knows about the failed call.
 *
 * @param operation the operation name
 * @param argument the argument the decorated {@link java.util.function.Function} was called with, or
 *     {@code null} for callables and suppliers
 * @param cause the failure the caller would otherwise get
 * @param reason why the fallback is used
 * @param attempts how many times the function was invoked (0 when the call was rejected)
 */
public record FallbackContext(String operation, Object argument, Throwable cause, FallbackReason reason, int attempts) {

    /** The argument, cast to the type the decorated function takes. */
    public <A> A argument(Class<A> type) {
        return type.cast(argument);
    }
}
