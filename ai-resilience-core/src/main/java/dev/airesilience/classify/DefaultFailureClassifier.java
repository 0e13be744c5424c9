package dev.airesilience.classify;

import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The seed's classification rules, with its gaps fixed. First match wins:
 * <ol>
 *   <li>wrappers ({@link CompletionException}, {@link ExecutionException}) are classified by their cause;</li>
 *   <li>{@link RateLimitException} is {@link FailureKind#RATE_LIMITED} with its Retry-After;</li>
 *   <li>{@link PermanentAIException} is permanent; every other {@link AIServiceException} is transient;</li>
 *   <li>{@link IOException} (connect, reset, {@code HttpTimeoutException}…), {@link UncheckedIOException} and
 *       {@link TimeoutException} are transient;</li>
 *   <li>{@link SecurityException} (authentication and authorization) and programming errors
 *       ({@link IllegalArgumentException}, {@link IllegalStateException}, {@link ClassCastException},
 *       {@link NullPointerException}, {@link UnsupportedOperationException}) are permanent;</li>
 *   <li>anything else is {@code unknownKind}: transient by default, as in the original.</li>
 * </ol>
 * Status codes are classified when the HTTP response is turned into an exception; see
 * {@link dev.airesilience.exception.AIExceptions}.
 */
public final class DefaultFailureClassifier implements FailureClassifier {

    static final DefaultFailureClassifier INSTANCE = new DefaultFailureClassifier(FailureKind.TRANSIENT);

    private static final int MAX_UNWRAP_DEPTH = 8;

    private final Classification unknown;

    private DefaultFailureClassifier(FailureKind unknownKind) {
        this.unknown = unknownKind == FailureKind.PERMANENT ? Classification.PERMANENT : Classification.TRANSIENT;
    }

    /** The default rules, treating unrecognised exceptions as {@code unknownKind} (TRANSIENT or PERMANENT). */
    public static DefaultFailureClassifier treatingUnknownAs(FailureKind unknownKind) {
        if (unknownKind == FailureKind.RATE_LIMITED) {
            throw new IllegalArgumentException("unknownKind must be TRANSIENT or PERMANENT, but was RATE_LIMITED");
        }
        return new DefaultFailureClassifier(unknownKind);
    }

    @Override
    public Classification classify(Throwable failure) {
        Throwable current = failure;
        for (int depth = 0; depth < MAX_UNWRAP_DEPTH
                && (current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null; depth++) {
            current = current.getCause();
        }
        if (current instanceof RateLimitException) {
            return Classification.rateLimited(((RateLimitException) current).retryAfter().orElse(null));
        }
        if (current instanceof PermanentAIException) {
            return Classification.PERMANENT;
        }
        if (current instanceof AIServiceException
                || current instanceof IOException
                || current instanceof UncheckedIOException
                || current instanceof TimeoutException) {
            return Classification.TRANSIENT;
        }
        if (current instanceof SecurityException
                || current instanceof IllegalArgumentException
                || current instanceof IllegalStateException
                || current instanceof ClassCastException
                || current instanceof NullPointerException
                || current instanceof UnsupportedOperationException) {
            return Classification.PERMANENT;
        }
        return unknown;
    }
}
