package dev.airesilience.micrometer;

import io.micrometer.observation.Observation;

/** What an {@code ai.resilience.call} observation knows: set when the call starts, completed when it ends. */
public class ResilienceCallContext extends Observation.Context {

    private final String operation;
    private final String strategy;
    private volatile String outcome = "unknown";
    private volatile String reason = "unknown";
    private volatile int attempts;

    public ResilienceCallContext(String operation, String strategy) {
        this.operation = operation;
        this.strategy = strategy;
    }

    public String getOperation() {
        return operation;
    }

    public String getStrategy() {
        return strategy;
    }

    /** success, failure, rejected or fallback; {@code unknown} while the call runs. */
    public String getOutcome() {
        return outcome;
    }

    /**
     * none, retries_exhausted, permanent_failure, circuit_open, rate_limited, client_throttled, retry_budget or
     * aborted; {@code unknown} while running.
     */
    public String getReason() {
        return reason;
    }

    /** Attempts started so far. */
    public int getAttempts() {
        return attempts;
    }

    void attemptStarted(int number) {
        attempts = number;
    }

    void ended(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }
}
