package dev.airesilience.config.validation;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One thing wrong with a configuration document.
 *
 * @param path where in the document, as a dotted JSON path ({@code $.operation_overrides.qa}); {@code $} is the root
 * @param allowed what would have been accepted ({@code "integer 1–10"})
 * @param received the value found, rendered as text ({@code "11"}), or {@code null} when nothing was received
 * @param message one sentence naming the field, the allowed range and the value
 */
public record ConfigProblem(
        @JsonProperty("path") String path,
        @JsonProperty("allowed") String allowed,
        @JsonProperty("received") String received,
        @JsonProperty("message") String message) {

    @Override
    public String toString() {
        return message;
    }
}
