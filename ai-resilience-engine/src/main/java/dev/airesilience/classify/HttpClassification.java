package dev.airesilience.classify;

import dev.airesilience.exception.AIExceptions;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classifies a provider's HTTP error the way {@link AIExceptions#fromHttpResponse} does, for adapters whose client
 * library throws its own exception with a status code (and, where it keeps them, the response headers):
 * {@code x-should-retry} first; 429 rate-limited with {@code retry-after-ms} / {@code Retry-After} (seconds or
 * HTTP-date), or permanent when the quota is exhausted; 408, 409, 5xx and 529 transient; other 4xx permanent.
 * On top of that, a context-window overflow or a content-policy refusal is permanent whatever the status, with its
 * {@linkplain Classification#reason() reason}. The status code is kept in the verdict.
 */
public final class HttpClassification {

    private HttpClassification() {}

    /**
     * @param status the HTTP status code
     * @param headers response headers (names matched case-insensitively), or an empty map where the client drops them
     * @param errorText what the client kept of the error: body, error code, type and message, in any form
     * @param now the current wall-clock time, for an HTTP-date {@code Retry-After}
     */
    public static Classification of(int status, Map<String, List<String>> headers, String errorText, Instant now) {
        String text = errorText == null ? "" : errorText;
        String reason = reasonOf(text);
        if (Classification.CONTEXT_LENGTH_EXCEEDED.equals(reason) || Classification.CONTENT_FILTERED.equals(reason)) {
            return new Classification(FailureKind.PERMANENT, null, status, reason);
        }
        AIServiceException mapped = AIExceptions.fromHttpResponse(status, headers == null ? Map.of() : headers, text, now);
        if (mapped instanceof RateLimitException) {
            return new Classification(FailureKind.RATE_LIMITED, ((RateLimitException) mapped).retryAfter().orElse(null),
                    status, reason);
        }
        if (mapped instanceof PermanentAIException) {
            return new Classification(FailureKind.PERMANENT, null, status,
                    status == 429 && reason == null ? Classification.INSUFFICIENT_QUOTA : reason);
        }
        return new Classification(FailureKind.TRANSIENT, null, status, reason);
    }

    /**
     * The reason code a provider's error text names: {@link Classification#CONTEXT_LENGTH_EXCEEDED} (OpenAI's
     * {@code context_length_exceeded}, "maximum context length", Anthropic's "prompt is too long"),
     * {@link Classification#CONTENT_FILTERED} ({@code content_filter}, {@code content_policy_violation},
     * Azure's {@code ResponsibleAIPolicyViolation}), {@link Classification#INSUFFICIENT_QUOTA}; else {@code null}.
     */
    public static String reasonOf(String errorText) {
        if (errorText == null || errorText.isEmpty()) {
            return null;
        }
        String lower = errorText.toLowerCase(Locale.ROOT);
        if (lower.contains("context_length_exceeded") || lower.contains("maximum context length")
                || lower.contains("prompt is too long") || lower.contains("context window")) {
            return Classification.CONTEXT_LENGTH_EXCEEDED;
        }
        if (lower.contains("content_filter") || lower.contains("content_policy_violation")
                || lower.contains("responsibleaipolicyviolation")) {
            return Classification.CONTENT_FILTERED;
        }
        if (lower.contains("insufficient_quota")) {
            return Classification.INSUFFICIENT_QUOTA;
        }
        return null;
    }
}
