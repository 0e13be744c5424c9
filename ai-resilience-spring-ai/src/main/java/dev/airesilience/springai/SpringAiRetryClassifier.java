package dev.airesilience.springai;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.HttpClassification;
import java.time.Instant;
import java.util.Map;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * spring-ai-retry's {@link TransientAiException} and {@link NonTransientAiException}, which Spring AI's
 * RestClient-based models throw. Spring AI's response error handler writes them as {@code "<status> - <body>"} and
 * calls every 4xx non-transient, a 429 included; when the message starts with a status code, that status (and
 * the body) decides by the shared HTTP rules, so a 429 is a rate limit, not a permanent error (the headers, and so
 * {@code Retry-After}, are gone by then). Otherwise the type decides: transient or permanent. An exception with a
 * cause is left to the cause, which the walk of the chain reaches.
 */
final class SpringAiRetryClassifier implements FailureClassifier {

    @Override
    public Classification classify(Throwable failure) {
        boolean transientType = failure instanceof TransientAiException;
        if (!transientType && !(failure instanceof NonTransientAiException)) {
            return null;
        }
        if (failure.getCause() != null && failure.getCause() != failure) {
            return null;
        }
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int status = leadingStatus(message);
        if (status > 0) {
            return HttpClassification.of(status, Map.of(), message, Instant.now());
        }
        return transientType ? Classification.TRANSIENT : Classification.PERMANENT;
    }

    /** The HTTP status a message starts with ({@code "429 TOO_MANY_REQUESTS - ..."}), or -1. */
    static int leadingStatus(String message) {
        if (message.length() < 4 || message.charAt(3) != ' ') {
            return -1;
        }
        int status = 0;
        for (int i = 0; i < 3; i++) {
            char c = message.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            status = status * 10 + (c - '0');
        }
        return status >= 100 ? status : -1;
    }
}
