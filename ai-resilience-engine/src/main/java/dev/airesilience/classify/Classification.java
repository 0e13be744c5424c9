package dev.airesilience.classify;

import java.time.Duration;
import java.util.Objects;

/**
 * The verdict of a {@link FailureClassifier}.
 *
 * <p>Besides the {@link FailureKind}, a verdict may keep what the provider said, so that metrics, logs and
 * fallbacks see a 401, 400 or 429 rather than "transient, status -1": the HTTP {@code statusCode} and a
 * {@code reason}, a short machine-readable code for failures that have a meaning of their own
 * ({@link #CONTEXT_LENGTH_EXCEEDED}, {@link #CONTENT_FILTERED}, {@link #INSUFFICIENT_QUOTA}, or the provider's own
 * error code). A reason never changes what the orchestrator does: only {@link #kind()} and {@link #retryAfter()}
 * do. When the orchestrator turns a foreign exception into its own, it keeps both (see
 * {@link dev.airesilience.exception.AIServiceException#statusCode()}; the reason leads the message).
 *
 * @param kind what the failure means
 * @param retryAfter the delay the provider asked for, or {@code null}; only meaningful for {@link FailureKind#RATE_LIMITED}
 * @param statusCode the HTTP status the failure came from, or -1
 * @param reason a short code for what went wrong ({@code context_length_exceeded} ...), or {@code null}
 */
public record Classification(FailureKind kind, Duration retryAfter, int statusCode, String reason) {

    /** The prompt does not fit the model's context window: permanent, a retry sends the same prompt again. */
    public static final String CONTEXT_LENGTH_EXCEEDED = "context_length_exceeded";
    /** The provider's content or safety policy refused the request: permanent. */
    public static final String CONTENT_FILTERED = "content_filter";
    /** The account's quota or billing limit is exhausted (a 429 that no wait fixes): permanent. */
    public static final String INSUFFICIENT_QUOTA = "insufficient_quota";

    public static final Classification TRANSIENT = new Classification(FailureKind.TRANSIENT, null);
    public static final Classification PERMANENT = new Classification(FailureKind.PERMANENT, null);

    public Classification {
        Objects.requireNonNull(kind, "kind");
    }

    /** A verdict without status code or reason. */
    public Classification(FailureKind kind, Duration retryAfter) {
        this(kind, retryAfter, -1, null);
    }

    public static Classification rateLimited(Duration retryAfter) {
        return new Classification(FailureKind.RATE_LIMITED, retryAfter);
    }

    /** This verdict with the HTTP status it came from. */
    public Classification withStatusCode(int statusCode) {
        return new Classification(kind, retryAfter, statusCode, reason);
    }

    /** This verdict with a reason code. */
    public Classification withReason(String reason) {
        return new Classification(kind, retryAfter, statusCode, reason);
    }

    public boolean isRetryable() {
        return kind != FailureKind.PERMANENT;
    }
}
