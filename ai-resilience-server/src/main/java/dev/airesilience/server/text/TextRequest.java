package dev.airesilience.server.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One text-processing request.
 *
 * @param options free-form; {@code allow_degraded: false} asks for an error instead of a degraded answer
 * @param question required for {@code qa}
 */
public record TextRequest(
        @JsonProperty("operation") String operation,
        @JsonProperty("text") String text,
        @JsonProperty("options") Map<String, Object> options,
        @JsonProperty("question") String question) {

    boolean allowDegraded() {
        return options == null || !Boolean.FALSE.equals(options.get("allow_degraded"));
    }
}
