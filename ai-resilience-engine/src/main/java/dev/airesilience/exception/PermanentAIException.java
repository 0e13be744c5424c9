package dev.airesilience.exception;

/**
 * A failure that retrying cannot fix: bad request, authentication, exhausted quota (the seed's
 * {@code PermanentAIError}). Never retried and neutral for the circuit breaker, so a caller's mistake never
 * opens the circuit.
 */
public class PermanentAIException extends AIServiceException {

    private static final long serialVersionUID = 1L;

    public PermanentAIException(String message) {
        super(message);
    }

    public PermanentAIException(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentAIException(String message, Throwable cause, int statusCode) {
        super(message, cause, statusCode);
    }

    public PermanentAIException(String message, Throwable cause, int statusCode, java.util.Map<String, ?> context) {
        super(message, cause, statusCode, context);
    }
}
