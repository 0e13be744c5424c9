package dev.airesilience.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/** The body of every error response. Never carries a stack trace or a key. */
public record ErrorBody(
        @JsonProperty("error") String error,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("details") Map<String, Object> details,
        @JsonProperty("timestamp") String timestamp) {

    public static ErrorBody of(String error, String errorCode, Map<String, Object> details) {
        return new ErrorBody(error, errorCode, details == null ? Map.of() : details, Instant.now().toString());
    }
}
