package dev.airesilience.exception;

/** A failure worth retrying: timeouts, network errors, 5xx, overload (the seed's {@code TransientAIError}). */
public class TransientAIException extends AIServiceException {

    private static final long serialVersionUID = 1L;

    public TransientAIException(String message) {
        super(message);
    }

    public TransientAIException(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientAIException(String message, Throwable cause, int statusCode) {
        super(message, cause, statusCode);
    }

    public TransientAIException(String message, Throwable cause, int statusCode, java.util.Map<String, ?> context) {
        super(message, cause, statusCode, context);
    }

    protected TransientAIException(String message, Throwable cause, int statusCode, boolean writableStackTrace) {
        super(message, cause, statusCode, writableStackTrace);
    }
}
