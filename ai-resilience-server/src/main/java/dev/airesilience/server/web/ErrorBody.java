package dev.airesilience.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The body of every error response. Never carries a stack trace or a key.
 *
 * @param detail the seed's field for explicit HTTP errors ({@code {"detail": "<message>"}}, §7.1): the same message
 *     as {@code error}, so clients written for either shape read it
 */
@JsonPropertyOrder({"detail", "error", "error_code", "details", "timestamp"})
public record ErrorBody(
        @JsonProperty("detail") String detail,
        @JsonProperty("error") String error,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("details") Map<String, Object> details,
        @JsonProperty("timestamp") String timestamp) {

    public static ErrorBody of(String error, String errorCode, Map<String, Object> details) {
        return new ErrorBody(error, error, errorCode, details == null ? Map.of() : details, Instant.now().toString());
    }

    /** The body for a bare status, when nothing more specific is known: its reason phrase and error code. */
    public static ErrorBody forStatus(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return of(known == null ? "Error " + status : known.getReasonPhrase(), errorCode(status), Map.of());
    }

    static String errorCode(int status) {
        return switch (status) {
            case 401 -> "AUTHENTICATION_ERROR";
            case 403 -> "AUTHORIZATION_ERROR";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 409 -> "CONFLICT";
            case 413 -> "REQUEST_TOO_LARGE";
            case 503 -> "SERVICE_UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST";
        };
    }
}
