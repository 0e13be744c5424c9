package dev.airesilience.quota;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the providers' rate-limit headers into one {@link Limits}: OpenAI's {@code x-ratelimit-remaining-requests},
 * {@code -tokens} and {@code x-ratelimit-reset-*} (a Go duration: {@code 6m0s}, {@code 12ms}), Anthropic's
 * {@code anthropic-ratelimit-requests-remaining}, {@code -tokens-remaining} and {@code -reset} (an RFC 3339 time;
 * {@code tokens-*} is the most restrictive token limit, {@code input-tokens-*} stands in when it is absent). A reset is
 * when the limit is full again, not when one more request may go. Malformed values are ignored, never thrown.
 */
public final class RateLimitHeaders {

    /** A Go duration's parts: {@code 1h2m3.5s}, {@code 250ms}, {@code 10us}. */
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|µs|ns)");

    private RateLimitHeaders() {}

    /**
     * What the headers say is left.
     *
     * @param requestsRemaining requests left in the provider's window, or -1 when not said
     * @param tokensRemaining tokens left, or -1 when not said
     * @param requestsReset time until the request limit is full again, or null
     * @param tokensReset time until the token limit is full again, or null
     */
    public record Limits(long requestsRemaining, long tokensRemaining, Duration requestsReset, Duration tokensReset) {

        /** Whether the headers said anything about the limits. */
        public boolean known() {
            return requestsRemaining >= 0 || tokensRemaining >= 0;
        }
    }

    /** The limits {@code headers} state (names in any case), or empty when they carry none. */
    public static Optional<Limits> parse(Map<String, List<String>> headers, Instant now) {
        if (headers == null || headers.isEmpty()) {
            return Optional.empty();
        }
        long requests = number(headers, "x-ratelimit-remaining-requests");
        long tokens = number(headers, "x-ratelimit-remaining-tokens");
        Duration requestsReset = goDuration(header(headers, "x-ratelimit-reset-requests"));
        Duration tokensReset = goDuration(header(headers, "x-ratelimit-reset-tokens"));
        if (requests < 0) {
            requests = number(headers, "anthropic-ratelimit-requests-remaining");
            requestsReset = until(header(headers, "anthropic-ratelimit-requests-reset"), now);
        }
        if (tokens < 0) {
            String family = header(headers, "anthropic-ratelimit-tokens-remaining") != null
                    ? "anthropic-ratelimit-tokens-" : "anthropic-ratelimit-input-tokens-";
            tokens = number(headers, family + "remaining");
            tokensReset = until(header(headers, family + "reset"), now);
        }
        Limits limits = new Limits(requests, tokens, requestsReset, tokensReset);
        return limits.known() ? Optional.of(limits) : Optional.empty();
    }

    /** A Go duration ({@code 1s}, {@code 6m0s}, {@code 12ms}, {@code 23h47m36.648s}); null when malformed. */
    public static Duration goDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        Matcher part = GO_DURATION_PART.matcher(text);
        BigDecimal nanos = BigDecimal.ZERO;
        int end = 0;
        while (part.find()) {
            if (part.start() != end) {
                return null;
            }
            end = part.end();
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(unitNanos(part.group(2)))));
        }
        if (end != text.length() || end == 0) {
            return null;
        }
        // Fractions of a nanosecond are dropped; a reset beyond 292 years is no reset.
        return nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : Duration.ofNanos(nanos.longValue());
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "h":
                return 3_600_000_000_000L;
            case "m":
                return 60_000_000_000L;
            case "s":
                return 1_000_000_000L;
            case "ms":
                return 1_000_000L;
            case "us":
            case "µs":
                return 1_000L;
            default:
                return 1L;
        }
    }

    private static Duration until(String rfc3339, Instant now) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            Duration left = Duration.between(now, OffsetDateTime.parse(rfc3339.trim()).toInstant());
            return left.isNegative() ? Duration.ZERO : left;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long number(Map<String, List<String>> headers, String name) {
        String value = header(headers, name);
        if (value == null) {
            return -1;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < 0 ? -1 : parsed;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }
}
