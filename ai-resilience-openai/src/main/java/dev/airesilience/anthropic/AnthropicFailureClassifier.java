package dev.airesilience.anthropic;

import com.anthropic.core.http.Headers;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import com.anthropic.errors.AnthropicServiceException;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.classify.HttpClassification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Anthropic Java SDK's exceptions ({@code com.anthropic.errors}): every {@link AnthropicServiceException}
 * (529 {@code OverloadedException} included) by its {@code statusCode()} and {@code headers()}, with its error type
 * and message for the reasons ("prompt is too long" is {@code context_length_exceeded}); I/O and retryable
 * exceptions are transient. Answers {@code null} for anything else.
 */
public final class AnthropicFailureClassifier implements FailureClassifier {

    @Override
    public Classification classify(Throwable failure) {
        if (failure instanceof AnthropicServiceException) {
            AnthropicServiceException e = (AnthropicServiceException) failure;
            String text = e.getMessage() + ' ' + e.body();
            int status = e.statusCode();
            if (status < 400) { // an error event inside a stream that had started
                String reason = HttpClassification.reasonOf(text);
                boolean permanent = Classification.CONTEXT_LENGTH_EXCEEDED.equals(reason)
                        || Classification.CONTENT_FILTERED.equals(reason);
                return new Classification(permanent ? FailureKind.PERMANENT : FailureKind.TRANSIENT, null, status, reason);
            }
            return HttpClassification.of(status, headers(e.headers()), text, Instant.now());
        }
        if (failure instanceof AnthropicIoException || failure instanceof AnthropicRetryableException) {
            return Classification.TRANSIENT;
        }
        return null;
    }

    private static Map<String, List<String>> headers(Headers headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String name : headers.names()) {
            map.put(name, headers.values(name));
        }
        return map;
    }
}
