package dev.airesilience.quota;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a provider's response says it used and what is left: the tokens the request counted against the quota
 * (prompt plus completion; -1 when not known) and the response headers, whose rate-limit headers
 * ({@link RateLimitHeaders}) bring the local quota in line with the provider's.
 *
 * @param tokens tokens used, or -1 when the response does not say
 * @param headers response headers (names in any case), possibly empty
 */
public record Usage(long tokens, Map<String, List<String>> headers) {

    /** Nothing known: the estimate stands. */
    public static final Usage UNKNOWN = new Usage(-1, Map.of());

    public Usage {
        if (tokens < -1) {
            throw new IllegalArgumentException("Usage.tokens must be -1 (unknown) or more, but was " + tokens);
        }
        headers = Map.copyOf(Objects.requireNonNull(headers, "Usage.headers must not be null"));
    }

    /** {@code tokens} used, no headers. */
    public static Usage tokens(long tokens) {
        return new Usage(tokens, Map.of());
    }

    /** Only the response's headers (the usage is in them, or not known). */
    public static Usage headers(Map<String, List<String>> headers) {
        return new Usage(-1, headers);
    }
}
