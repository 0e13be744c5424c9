package dev.airesilience.exception;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the right {@link AIServiceException} from an HTTP response of an AI provider.
 *
 * <ul>
 *   <li>{@code x-should-retry: true|false} overrides every status rule (as the OpenAI and Anthropic SDKs do);</li>
 *   <li>429 is a {@link RateLimitException} carrying {@code retry-after-ms} or {@code Retry-After} (seconds or an
 *       HTTP-date), unless the body says the quota or billing is exhausted ({@code insufficient_quota}), which
 *       no wait fixes: then it is permanent;</li>
 *   <li>503 and 529 (overloaded) are {@link ServiceUnavailableException}; 408, 409, 500, 502, 504 and other 5xx
 *       are {@link TransientAIException};</li>
 *   <li>501, 505, 506, 508, 510, 511 and every other 4xx (401 and 403 included) are {@link PermanentAIException}.</li>
 * </ul>
 */
public final class AIExceptions {

    /** Retry-After values beyond this are treated as this; a hostile header cannot overflow the arithmetic. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private static final int MAX_BODY_IN_MESSAGE = 300;

    private AIExceptions() {}

    /** As {@link #fromHttpResponse(int, Map, String, Instant)} for {@link java.net.http.HttpClient} headers. */
    public static AIServiceException fromHttpResponse(int status, HttpHeaders headers, String body, Instant now) {
        return fromHttpResponse(status, headers.map(), body, now);
    }

    /**
     * @param status the HTTP status code (not 2xx)
     * @param headers response headers; names are matched case-insensitively
     * @param body the response body, possibly empty or null
     * @param now the current time, to turn an HTTP-date {@code Retry-After} into a delay
     */
    public static AIServiceException fromHttpResponse(
            int status, Map<String, List<String>> headers, String body, Instant now) {
        String message = "AI provider answered HTTP " + status + describe(body);
        Optional<Boolean> shouldRetry = header(headers, "x-should-retry").map(v -> v.trim().equalsIgnoreCase("true"));
        boolean quotaExhausted = status == 429 && body != null && isQuotaExhausted(body);

        boolean transientStatus = shouldRetry.orElseGet(() -> !quotaExhausted && isTransientStatus(status));
        if (!transientStatus) {
            return new PermanentAIException(message, null, status);
        }
        if (status == 429) {
            return new RateLimitException(message, retryAfter(headers, now).orElse(null), null, status);
        }
        if (status == 503 || status == 529) {
            return new ServiceUnavailableException(message, null, status);
        }
        return new TransientAIException(message, null, status);
    }

    /** Whether an HTTP status is worth retrying when the server gives no {@code x-should-retry} hint. */
    public static boolean isTransientStatus(int status) {
        switch (status) {
            case 408: case 409: case 429: case 500: case 502: case 503: case 504: case 529:
                return true;
            case 501: case 505: case 506: case 508: case 510: case 511:
                return false;
            default:
                return status >= 500 && status <= 599;
        }
    }

    /**
     * The delay a response asks for: {@code retry-after-ms} first (OpenAI), then {@code Retry-After} as
     * delta-seconds or an HTTP-date. Negative, unparseable or absent values give empty; values above
     * {@link #MAX_RETRY_AFTER} are capped.
     */
    public static Optional<Duration> retryAfter(Map<String, List<String>> headers, Instant now) {
        Optional<Duration> millis = header(headers, "retry-after-ms").flatMap(v -> parseNumber(v, 1_000_000L));
        if (millis.isPresent()) {
            return millis;
        }
        return header(headers, "retry-after").flatMap(v -> parseRetryAfter(v, now));
    }

    /** Parses a {@code Retry-After} value: delta-seconds (fractions allowed) or an RFC 1123 HTTP-date. */
    public static Optional<Duration> parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Optional<Duration> seconds = parseNumber(trimmed, 1_000_000_000L);
        if (seconds.isPresent() || trimmed.isEmpty() || Character.isDigit(trimmed.charAt(0)) || trimmed.charAt(0) == '-') {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration delay = Duration.between(now, at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : cap(delay));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> parseNumber(String value, long nanosPerUnit) {
        String trimmed = value.trim();
        if (trimmed.isEmpty() || trimmed.length() > 32) {
            return Optional.empty();
        }
        try {
            double units = Double.parseDouble(trimmed);
            if (!(units >= 0) || Double.isInfinite(units)) {
                return Optional.empty();
            }
            double nanos = units * nanosPerUnit;
            return Optional.of(nanos >= MAX_RETRY_AFTER.toNanos() ? MAX_RETRY_AFTER : Duration.ofNanos((long) nanos));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration cap(Duration delay) {
        return delay.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : delay;
    }

    private static boolean isQuotaExhausted(String body) {
        String lower = body.toLowerCase(Locale.ROOT);
        return lower.contains("insufficient_quota") || lower.contains("billing_hard_limit")
                || lower.contains("\"billing\"") || lower.contains("quota exceeded") || lower.contains("exceeded your current quota");
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)
                    && entry.getValue() != null && !entry.getValue().isEmpty()) {
                return Optional.ofNullable(entry.getValue().get(0));
            }
        }
        return Optional.empty();
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String flat = body.replaceAll("\\s+", " ").trim();
        return ": " + (flat.length() <= MAX_BODY_IN_MESSAGE ? flat : flat.substring(0, MAX_BODY_IN_MESSAGE) + "...");
    }
}
