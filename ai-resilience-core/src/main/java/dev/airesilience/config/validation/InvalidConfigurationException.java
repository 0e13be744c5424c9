package dev.airesilience.config.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration document or setting was rejected. Carries every problem found, not only the first; the
 * configuration in force is left exactly as it was.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public InvalidConfigurationException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidConfigurationException(ConfigProblem problem) {
        this(List.of(problem));
    }

    /** Every problem found, in document order. Never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an InvalidConfigurationException needs at least one problem");
        }
        return "Invalid resilience configuration (" + problems.size() + (problems.size() == 1 ? " problem): " : " problems): ")
                + problems.stream().map(ConfigProblem::message).collect(Collectors.joining("; "));
    }
}
