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
        this.details = details == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", message, Map.of(), null);
    }

    /**
     * A 400 for one input: the message names the field, what is allowed and what was received, and
     * {@code details} carries the three as {@code field}, {@code allowed}, {@code received}.
     */
    public static ApiException invalidField(String field, String allowed, Object received) {
        String shown = received == null ? "nothing" : "'" + abbreviate(String.valueOf(received)) + "'";
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("field", field);
        details.put("allowed", allowed);
        details.put("received", received == null ? null : abbreviate(String.valueOf(received)));
        return new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                field + " must be " + allowed + ", got " + shown, details, null);
    }

    public static ApiException conflict(String message, Duration retryAfter) {
        return new ApiException(HttpStatus.CONFLICT, "CONFLICT", message, Map.of(), retryAfter);
    }

    /** At most 80 characters of a client-supplied value, for messages that echo it. */
    public static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
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
