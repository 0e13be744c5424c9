package dev.airesilience.exception;

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

    public AIServiceException(String message) {
        this(message, null, -1);
    }

    public AIServiceException(String message, Throwable cause) {
        this(message, cause, -1);
    }

    public AIServiceException(String message, Throwable cause, int statusCode) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    /** For cheap, frequent exceptions (fast rejections) that need no stack trace. */
    protected AIServiceException(String message, Throwable cause, int statusCode, boolean writableStackTrace) {
        super(message, cause, true, writableStackTrace);
        this.statusCode = statusCode;
    }

    /** The HTTP status this failure came from, or -1. */
    public int statusCode() {
        return statusCode;
    }
}
