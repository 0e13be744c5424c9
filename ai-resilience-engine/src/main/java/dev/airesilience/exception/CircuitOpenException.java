package dev.airesilience.exception;

import java.time.Duration;
import java.time.Instant;

/**
 * The operation's circuit is open, so the call was rejected without invoking the function.
 *
 * <p>Built on a fast path, possibly thousands of times a second during an outage, so it is cheap: it has no stack
 * trace (the rejection happens inside the orchestrator, where a trace says nothing about the outage; the
 * {@link #operation()} and {@link #retryAt()} do), and its message is only formatted when read, because formatting
 * the {@link Instant} cost more than the rest of the rejection. Resilience4j's {@code CallNotPermittedException} fills
 * a stack trace unless {@code writableStackTraceEnabled(false)} is set, and formats its message every time.
 */
public final class CircuitOpenException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final Instant retryAt;
    private final long remainingMillis;
    /** Formatted on first read; a race formats it twice, to the same text. */
    private transient String message;

    public CircuitOpenException(String operation, Instant retryAt, Duration remaining) {
        super(null, false);
        this.operation = operation;
        this.retryAt = retryAt;
        this.remainingMillis = Math.max(0, remaining.toMillis());
    }

    public String operation() {
        return operation;
    }

    /** When the circuit will admit a trial call. */
    public Instant retryAt() {
        return retryAt;
    }

    @Override
    public String getMessage() {
        String text = message;
        if (text == null) {
            text = "Circuit breaker is open for operation '" + operation + "'; it admits a trial call after " + retryAt
                    + " (in " + remainingMillis + " ms)";
            message = text;
        }
        return text;
    }
}
