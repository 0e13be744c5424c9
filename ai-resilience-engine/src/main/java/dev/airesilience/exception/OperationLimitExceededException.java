package dev.airesilience.exception;

/**
 * A new operation name would exceed the orchestrator's cap on distinct operations. Operation names must come
 * from code or configuration, never from request data; this bound keeps a cardinality attack from growing
 * memory without limit.
 */
public final class OperationLimitExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public OperationLimitExceededException(String operation, int maxOperations) {
        super("Cannot track operation '" + abbreviate(operation) + "': the limit of " + maxOperations
                + " distinct operations is reached (raise maxOperations if this is intended)");
    }

    private static String abbreviate(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "...";
    }
}
