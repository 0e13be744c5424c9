package dev.airesilience.exception;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The provider rate-limited the call (HTTP 429; the seed's {@code RateLimitError}). Its {@link #retryAfter()}
 * is a lower bound for the next delay and starts a cooldown shared by every caller of the operation. It does
 * not count toward the circuit breaker: a rate limit is not an outage.
 */
public class RateLimitException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    /** The seed's {@code RateLimitError} default: wait 60 s when the one who raises it names no delay. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final transient Duration retryAfter;

    /** A rate limit with the seed's default {@link #DEFAULT_RETRY_AFTER} of 60 s. */
    public RateLimitException(String message) {
        this(message, DEFAULT_RETRY_AFTER, Map.of());
    }

    /**
     * A rate limit with extra details; {@code context.retry_after} (seconds) is set from {@code retryAfter} when
     * absent, as the seed does.
     */
    public RateLimitException(String message, Duration retryAfter, Map<String, ?> context) {
        super(message, null, 429, withRetryAfter(context, retryAfter));
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /** {@code retryAfter} null: the provider named no delay (a 429 without {@code Retry-After}). */
    public RateLimitException(String message, Duration retryAfter) {
        this(message, retryAfter, null, 429);
    }

    public RateLimitException(String message, Duration retryAfter, Throwable cause, int statusCode) {
        this(message, retryAfter, cause, statusCode, Map.of());
    }

    public RateLimitException(String message, Duration retryAfter, Throwable cause, int statusCode, Map<String, ?> context) {
        super(message, cause, statusCode, context);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    private static Map<String, ?> withRetryAfter(Map<String, ?> context, Duration retryAfter) {
        if (retryAfter == null || (context != null && context.containsKey("retry_after"))) {
            return context;
        }
        Map<String, Object> details = new LinkedHashMap<>(context == null ? Map.of() : context);
        details.put("retry_after", retryAfter.toMillis() / 1000.0);
        return details;
    }

    /** How long the provider asked us to wait, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
