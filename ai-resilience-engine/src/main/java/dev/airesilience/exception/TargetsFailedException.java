package dev.airesilience.exception;

import java.util.List;
import java.util.Map;

/**
 * Every target a routed call tried in one pass over its route failed with a transient error (a retryable failure:
 * the call goes over its route again after a backoff, if its attempts and budget allow). The last target's failure
 * is the cause; the earlier ones are suppressed, in the order they happened. Its status code is the last failure's.
 */
public final class TargetsFailedException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient List<String> targets;

    /** {@code targets} and {@code failures}: the targets tried, and what each failed with, in the same order. */
    public TargetsFailedException(String operation, List<String> targets, List<? extends AIServiceException> failures) {
        super("Every target operation '" + operation + "' tried failed: " + describe(targets, failures),
                failures.get(failures.size() - 1), failures.get(failures.size() - 1).statusCode(),
                Map.of("operation", operation, "targets", List.copyOf(targets)));
        this.operation = operation;
        this.targets = List.copyOf(targets);
        for (int i = 0; i < failures.size() - 1; i++) {
            addSuppressed(failures.get(i));
        }
    }

    private static String describe(List<String> targets, List<? extends AIServiceException> failures) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < targets.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(targets.get(i)).append(": ").append(failures.get(i).getMessage());
        }
        return text.toString();
    }

    public String operation() {
        return operation;
    }

    /** The targets tried, in order; the cause is the last one's failure. */
    public List<String> targets() {
        return targets;
    }
}
