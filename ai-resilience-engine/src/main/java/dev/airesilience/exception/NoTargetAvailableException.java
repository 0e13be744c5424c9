package dev.airesilience.exception;

import java.time.Duration;
import java.util.Map;

/**
 * No target of a routed operation can be tried within the call's budget: each is cooling down after a rate limit,
 * behind an open breaker or shedding load, and the earliest one is free again only after the budget ends. The call
 * made no request. Its {@link #retryAfter()} is when the earliest target is free again, a 429 to the caller.
 */
public final class NoTargetAvailableException extends RateLimitException {

    private static final long serialVersionUID = 1L;

    private final String operation;

    /** {@code unavailable}: per target, why it is unavailable and for how long (for the message). */
    public NoTargetAvailableException(String operation, Duration retryAfter, Map<String, String> unavailable) {
        super("No target of operation '" + operation + "' is available within the call's budget; the earliest is free in "
                + retryAfter.toMillis() + " ms (" + describe(unavailable) + ")", retryAfter, null, 429,
                Map.of("operation", operation, "targets", Map.copyOf(unavailable)));
        this.operation = operation;
    }

    private static String describe(Map<String, String> unavailable) {
        StringBuilder text = new StringBuilder();
        unavailable.forEach((target, why) -> text.append(text.length() == 0 ? "" : "; ").append(target).append(": ")
                .append(why));
        return text.toString();
    }

    public String operation() {
        return operation;
    }
}
