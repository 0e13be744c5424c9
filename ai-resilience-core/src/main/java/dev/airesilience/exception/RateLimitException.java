package dev.airesilience.exception;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider rate-limited the call (HTTP 429; the seed's {@code RateLimitError}). Its {@link #retryAfter()}
 * is a lower bound for the next delay and starts a cooldown shared by every caller of the operation. It does
 * not count toward the circuit breaker: a rate limit is not an outage.
 */
public class RateLimitException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public RateLimitException(String message, Duration retryAfter) {
        this(message, retryAfter, null, 429);
    }

    public RateLimitException(String message, Duration retryAfter, Throwable cause, int statusCode) {
        super(message, cause, statusCode);
        this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    }

    /** How long the provider asked us to wait, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
