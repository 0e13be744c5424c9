package dev.airesilience.config.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The answer of a side-effect-free validation: {@code {is_valid, errors, warnings, suggestions}} in JSON.
 * Valid exactly when there are no errors; warnings never invalidate.
 *
 * @param problems the structured form of {@code errors}, one per error (not serialised)
 */
@JsonPropertyOrder({"is_valid", "errors", "warnings", "suggestions"})
public record ValidationResult(
        @JsonProperty("errors") List<String> errors,
        @JsonProperty("warnings") List<String> warnings,
        @JsonProperty("suggestions") List<String> suggestions,
        @JsonIgnore List<ConfigProblem> problems) {

    public ValidationResult {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        suggestions = List.copyOf(suggestions);
        problems = List.copyOf(problems);
    }

    @JsonProperty("is_valid")
    public boolean isValid() {
        return errors.isEmpty();
    }
}
