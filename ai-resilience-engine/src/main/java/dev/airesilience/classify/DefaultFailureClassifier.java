package dev.airesilience.classify;

import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The seed's classification rules, with its gaps fixed. First match wins:
 * <ol>
 *   <li>client adapters found on the class path ({@link FailureClassifierProvider}, discovered once with
 *       {@link java.util.ServiceLoader}) are asked about the failure and each of its causes, outermost first, up to
 *       the first of our own {@link AIServiceException}s; the first verdict wins (so an OpenAI SDK
 *       {@code RateLimitException} is rate-limited with its {@code Retry-After}, even wrapped);</li>
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

    static final DefaultFailureClassifier INSTANCE = new DefaultFailureClassifier(FailureKind.TRANSIENT, null);

    private static final int MAX_UNWRAP_DEPTH = 8;

    private final Classification unknown;
    /** Explicit adapters, or {@code null} for the ones discovered on the class path. */
    private final AdapterClassifiers adapters;

    private DefaultFailureClassifier(FailureKind unknownKind, AdapterClassifiers adapters) {
        this.unknown = unknownKind == FailureKind.PERMANENT ? Classification.PERMANENT : Classification.TRANSIENT;
        this.adapters = adapters;
    }

    /** The default rules, treating unrecognised exceptions as {@code unknownKind} (TRANSIENT or PERMANENT). */
    public static DefaultFailureClassifier treatingUnknownAs(FailureKind unknownKind) {
        if (unknownKind == FailureKind.RATE_LIMITED) {
            throw new IllegalArgumentException("unknownKind must be TRANSIENT or PERMANENT, but was RATE_LIMITED");
        }
        return new DefaultFailureClassifier(unknownKind, null);
    }

    /**
     * These rules with exactly {@code adapters} as the adapter classifiers, instead of the ones discovered on the
     * class path (for class loaders {@link java.util.ServiceLoader} does not see, or to leave adapters out:
     * {@code withAdapters(List.of())}). Each adapter answers {@code null} for failures it does not know.
     */
    public DefaultFailureClassifier withAdapters(List<? extends FailureClassifier> adapters) {
        List<? extends FailureClassifier> copy = List.copyOf(adapters);
        return new DefaultFailureClassifier(unknown.kind(), copy.isEmpty() ? AdapterClassifiers.NONE : new AdapterClassifiers(copy));
    }

    /** The adapter classifiers found on the class path (discovering them now if that has not happened yet). */
    public static List<FailureClassifier> discoveredAdapters() {
        return AdapterClassifiers.discovered().classifiers();
    }

    @Override
    public Classification classify(Throwable failure) {
        Classification adapted = (adapters == null ? AdapterClassifiers.discovered() : adapters).classify(failure);
        if (adapted != null) {
            return adapted;
        }
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
