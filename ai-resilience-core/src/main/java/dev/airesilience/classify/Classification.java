package dev.airesilience.classify;

import java.time.Duration;
import java.util.Objects;

/**
 * The verdict of a {@link FailureClassifier}.
 *
 * @param kind what the failure means
 * @param retryAfter the delay the provider asked for, or {@code null}; only meaningful for {@link FailureKind#RATE_LIMITED}
 */
public record Classification(FailureKind kind, Duration retryAfter) {

    public static final Classification TRANSIENT = new Classification(FailureKind.TRANSIENT, null);
    public static final Classification PERMANENT = new Classification(FailureKind.PERMANENT, null);

    public Classification {
        Objects.requireNonNull(kind, "kind");
    }

    public static Classification rateLimited(Duration retryAfter) {
        return new Classification(FailureKind.RATE_LIMITED, retryAfter);
    }

    public boolean isRetryable() {
        return kind != FailureKind.PERMANENT;
    }
}
