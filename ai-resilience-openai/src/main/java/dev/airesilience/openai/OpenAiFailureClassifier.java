package dev.airesilience.openai;

import com.openai.core.http.Headers;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.classify.HttpClassification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Java SDK's exceptions ({@code com.openai.errors}): every {@link OpenAIServiceException} by its
 * {@code statusCode()} and {@code headers()} ({@code retry-after-ms}, {@code Retry-After}, {@code x-should-retry}),
 * with its {@code code()} and {@code type()} for {@code insufficient_quota}, {@code context_length_exceeded} and
 * content-policy refusals; {@link OpenAIIoException} and {@link OpenAIRetryableException} are transient. Answers
 * {@code null} for anything else. Spring AI's {@code OpenAiChatModel} 2.x throws the same exceptions.
 */
public final class OpenAiFailureClassifier implements FailureClassifier {

    @Override
    public Classification classify(Throwable failure) {
        if (failure instanceof OpenAIServiceException) {
            OpenAIServiceException e = (OpenAIServiceException) failure;
            String text = e.code().orElse("") + ' ' + e.type().orElse("") + ' ' + e.getMessage();
            return classifyStatus(e.statusCode(), headers(e.headers()), text);
        }
        if (failure instanceof OpenAIIoException || failure instanceof OpenAIRetryableException) {
            return Classification.TRANSIENT;
        }
        return null;
    }

    /**
     * HTTP errors by the shared rules. An error that arrives inside a stream that had started ({@code SseException}
     * with a 2xx status) is not an HTTP error: transient, unless its text names a permanent reason.
     */
    static Classification classifyStatus(int status, Map<String, List<String>> headers, String text) {
        if (status < 400) {
            String reason = HttpClassification.reasonOf(text);
            boolean permanent = Classification.CONTEXT_LENGTH_EXCEEDED.equals(reason)
                    || Classification.CONTENT_FILTERED.equals(reason) || Classification.INSUFFICIENT_QUOTA.equals(reason);
            return new Classification(permanent ? FailureKind.PERMANENT : FailureKind.TRANSIENT, null, status, reason);
        }
        return HttpClassification.of(status, headers, text, Instant.now());
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
