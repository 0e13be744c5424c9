package dev.airesilience.exception;

import dev.airesilience.config.QuotaConfig;
import java.time.Duration;
import java.util.Map;

/**
 * A call would go over its target's quota (requests or tokens per minute) and the quota frees enough only after the
 * call's budget ends: it is refused before any request, as the provider would have answered 429. Its
 * {@link #retryAfter()} is when the quota has room for it again.
 */
public final class QuotaExceededException extends RateLimitException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    public QuotaExceededException(String operation, QuotaConfig quota, long tokens, Duration retryAfter) {
        super("Operation '" + operation + "' would exceed its quota (" + quota.requestsPerMinute()
                + " requests and " + quota.tokensPerMinute() + " tokens per minute, 0: no limit) with a request of "
                + tokens + " tokens; room again in " + retryAfter.toMillis() + " ms", retryAfter, null, 429,
                Map.of("operation", operation, "tokens", tokens));
        this.operation = operation;
    }

    public String operation() {
        return operation;
    }
}
