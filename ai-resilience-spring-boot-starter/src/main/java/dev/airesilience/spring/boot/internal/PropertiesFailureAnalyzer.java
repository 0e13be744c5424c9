package dev.airesilience.spring.boot.internal;

import dev.airesilience.spring.boot.InvalidResiliencePropertiesException;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Turns {@link InvalidResiliencePropertiesException} into Spring Boot's startup report: one line per property and
 * what to do, instead of a {@code BeanCreationException} stack trace. Ordered before Boot's own binding analyzers,
 * which would otherwise report the wrapping {@code BindException} without our explanation.
 */
public final class PropertiesFailureAnalyzer extends AbstractFailureAnalyzer<InvalidResiliencePropertiesException>
        implements Ordered {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidResiliencePropertiesException cause) {
        String description = "Invalid ai.resilience configuration (" + cause.problems().size()
                + (cause.problems().size() == 1 ? " problem" : " problems") + "):\n"
                + cause.problems().stream().map(problem -> "  - " + problem.describe()).collect(Collectors.joining("\n"));
        StringBuilder action = new StringBuilder();
        for (Problem problem : cause.problems()) {
            if (problem.suggestion() != null) {
                action.append("Replace ").append(problem.property()).append(" with ").append(problem.suggestion()).append(".\n");
            }
        }
        action.append("Correct the properties listed above. Valid keys: ai.resilience.{preset, custom-config, "
                + "strict-configuration, max-operations, config-file, config-watch.*, health.*}, "
                + "ai.resilience.custom-config.<key> (every operation) and ai.resilience.operations.<name>.<key> "
                + "(one operation; a name with a dot goes in brackets: ai.resilience.operations[Type.method].<key>). "
                + "The README's Spring Boot section lists every key with its range.");
        return new FailureAnalysis(description, action.toString(), cause);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
