package dev.airesilience.langchain4j;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.HttpClassification;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.time.Instant;
import java.util.Map;

/**
 * LangChain4j 1.x exceptions. An {@link HttpException} (what its HTTP clients throw for a non-2xx answer, kept as
 * the cause of the mapped exceptions) is classified by its status code and body by the shared HTTP rules; with
 * headers when it is a {@link HttpStatusException} (from {@link HeaderKeepingHttpClient}). LangChain4j's own
 * HTTP clients drop the headers, so a 429 is rate-limited without a {@code Retry-After}: the orchestrator's
 * backoff applies. Without an {@code HttpException} in the chain the type decides: {@link RateLimitException}
 * rate-limited, {@code TimeoutException} / {@code InternalServerException} / {@link RetriableException}
 * transient, {@link ContentFilteredException} permanent ({@code content_filter}), {@code AuthenticationException},
 * {@code InvalidRequestException}, {@code ModelNotFoundException}, {@link UnsupportedFeatureException} and
 * {@link NonRetriableException} permanent. Answers {@code null} for anything else.
 */
public final class LangChain4jFailureClassifier implements FailureClassifier {

    @Override
    public Classification classify(Throwable failure) {
        if (failure instanceof HttpStatusException) {
            HttpStatusException e = (HttpStatusException) failure;
            return HttpClassification.of(e.statusCode(), e.headers(), e.getMessage(), Instant.now());
        }
        if (failure instanceof HttpException) {
            HttpException e = (HttpException) failure;
            return HttpClassification.of(e.statusCode(), Map.of(), e.getMessage(), Instant.now());
        }
        if (!(failure instanceof LangChain4jException)) {
            return null;
        }
        if (hasHttpCause(failure)) {
            return null; // the walk reaches the HttpException: its status says more than the mapped type
        }
        if (failure instanceof ContentFilteredException) {
            return Classification.PERMANENT.withReason(Classification.CONTENT_FILTERED);
        }
        if (failure instanceof RateLimitException) {
            return Classification.rateLimited(null);
        }
        if (failure instanceof RetriableException) {
            return Classification.TRANSIENT; // TimeoutException, InternalServerException and the base
        }
        if (failure instanceof NonRetriableException || failure instanceof UnsupportedFeatureException) {
            return Classification.PERMANENT;
        }
        return null;
    }

    private static boolean hasHttpCause(Throwable failure) {
        Throwable cause = failure.getCause();
        for (int depth = 0; depth < 8 && cause != null; depth++) {
            if (cause instanceof HttpException) {
                return true;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }
}
