package dev.airesilience.exception;

import java.time.Duration;
import java.time.Instant;

/**
 * The operation's circuit is open, so the call was rejected without invoking the function. Stackless: it is
 * thrown on a fast path, possibly thousands of times a second during an outage.
 */
public final class CircuitOpenException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final Instant retryAt;

    public CircuitOpenException(String operation, Instant retryAt, Duration remaining) {
        super("Circuit breaker is open for operation '" + operation + "'; it admits a trial call after " + retryAt
                + " (in " + Math.max(0, remaining.toMillis()) + " ms)", false);
        this.operation = operation;
        this.retryAt = retryAt;
    }

    public String operation() {
        return operation;
    }

    /** When the circuit will admit a trial call. */
    public Instant retryAt() {
        return retryAt;
    }
}
