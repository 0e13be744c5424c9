package dev.airesilience.spring.boot;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code ai.resilience.*} properties that cannot be applied: unknown or misspelt keys, values out of range, names
 * the binder would misread. Thrown at startup, before anything runs on the settings; every problem found is listed,
 * and Spring Boot's failure analysis prints them as a short description and action.
 */
public final class InvalidResiliencePropertiesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * One property that cannot be applied.
     *
     * @param property the full property name, as written ({@code ai.resilience.operations.chat.retry-atempts})
     * @param value the value received, or {@code null} when the name alone is the problem
     * @param reason what is wrong, in words
     * @param allowed what the property accepts (keys at that level, a range, or a list of values)
     * @param suggestion the nearest valid property name, or {@code null} when none is close
     * @param origin where the property was set (file and line), or {@code null} when unknown
     */
    public record Problem(String property, String value, String reason, String allowed, String suggestion, String origin) {

        /** One line: property, value, reason, suggestion and what is allowed. */
        public String describe() {
            StringBuilder text = new StringBuilder(property);
            if (value != null) {
                text.append(" = '").append(value).append('\'');
            }
            text.append(": ").append(reason);
            if (suggestion != null) {
                text.append("; did you mean ").append(suggestion).append('?');
            }
            if (allowed != null) {
                text.append(" Allowed: ").append(allowed).append('.');
            }
            if (origin != null) {
                text.append(" (set in ").append(origin).append(')');
            }
            return text.toString();
        }
    }

    private final transient List<Problem> problems;

    public InvalidResiliencePropertiesException(List<Problem> problems, Throwable cause) {
        super("Invalid ai.resilience properties: "
                + problems.stream().map(Problem::describe).collect(Collectors.joining("; ")), cause);
        this.problems = List.copyOf(problems);
    }

    public InvalidResiliencePropertiesException(List<Problem> problems) {
        this(problems, null);
    }

    /** Every problem found, in the order the properties were read. */
    public List<Problem> problems() {
        return problems;
    }
}
