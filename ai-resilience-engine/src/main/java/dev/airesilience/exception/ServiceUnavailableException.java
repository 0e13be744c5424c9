package dev.airesilience.exception;

/** The service is down or overloaded (503, 529), or its circuit is open (the seed's {@code ServiceUnavailableError}). */
public class ServiceUnavailableException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    public ServiceUnavailableException(String message) {
        super(message);
    }

    public ServiceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ServiceUnavailableException(String message, Throwable cause, int statusCode) {
        super(message, cause, statusCode);
    }

    protected ServiceUnavailableException(String message, boolean writableStackTrace) {
        super(message, null, -1, writableStackTrace);
    }
}
