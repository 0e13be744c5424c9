package dev.airesilience.server.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One text-processing answer. {@code result} is a string (summarize, qa), a sentiment object or a list of
 * strings (key_points, questions). {@code metadata.service_status} is {@code "degraded"} and
 * {@code metadata.fallback_used} true when a domain fallback answered.
 */
public record TextResponse(
        @JsonProperty("operation") String operation,
        @JsonProperty("success") boolean success,
        @JsonProperty("result") Object result,
        @JsonProperty("metadata") Map<String, Object> metadata) {}
