package dev.airesilience.exception;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the AI failure hierarchy (the seed's {@code AIServiceException}). Unchecked.
 *
 * <pre>
 * AIServiceException
 * ├── TransientAIException          retried
 * │   ├── RateLimitException        429: waits for Retry-After; does not trip the breaker
 * │   └── ServiceUnavailableException
 * │       └── CircuitOpenException  rejected fast by an open circuit
 * ├── PermanentAIException          never retried; never trips the breaker
 * └── CallInterruptedException      the calling thread was interrupted
 * </pre>
 */
public class AIServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** HTTP status that caused this failure, or -1 when it did not come from an HTTP response. */
    private final int statusCode;
    /** Extra details, as the seed's {@code context} dict carries them. */
    private final transient Map<String, Object> context;

    public AIServiceException(String message) {
        this(message, null, -1);
    }

    public AIServiceException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    public AIServiceException(String message, Throwable cause, int statusCode) {
        this(message, cause, statusCode, Map.of());
    }

    /** With extra details (the seed's {@code context}); a copy is kept, in the given order. */
    public AIServiceException(String message, Throwable cause, int statusCode, Map<String, ?> context) {
        super(message, cause);
        this.statusCode = statusCode;
        this.context = copy(context);
    }

    /** For cheap, frequent exceptions (fast rejections) that need no stack trace. */
    protected AIServiceException(String message, Throwable cause, int statusCode, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.statusCode = statusCode;
        this.context = Map.of();
    }

    private static Map<String, Object> copy(Map<String, ?> context) {
        return context == null || context.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(context));
    }

    /** Extra details about the failure (never null; empty unless given). */
    public Map<String, Object> context() {
        return context == null ? Map.of() : context;
    }

    /** The HTTP status this failure came from, or -1. */
    public int statusCode() {
        return statusCode;
    }
}
