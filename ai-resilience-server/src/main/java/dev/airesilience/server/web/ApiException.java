package dev.airesilience.server.web;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** A failure with the status, error code and message the client should see. */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final HttpStatus status;
    private final String errorCode;
    private final transient Map<String, Object> details;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String errorCode, String message, Map<String, Object> details,
            Duration retryAfter) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", message, Map.of(), null);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", message, Map.of(), null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "REQUEST_TOO_LARGE", message, Map.of(), null);
    }

    public HttpStatus status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** When the client may try again, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
