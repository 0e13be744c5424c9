package dev.airesilience.micrometer;

import io.micrometer.observation.Observation;

/** What an {@code ai.resilience.attempt} observation knows. */
public class ResilienceAttemptContext extends Observation.Context {

    private final String operation;
    private final String strategy;
    private final int attempt;
    private volatile String outcome = "unknown";
    private volatile String reason = "unknown";

    public ResilienceAttemptContext(String operation, String strategy, int attempt) {
        this.operation = operation;
        this.strategy = strategy;
        this.attempt = attempt;
    }

    public String getOperation() {
        return operation;
    }

    public String getStrategy() {
        return strategy;
    }

    /** 1 for the first attempt. */
    public int getAttempt() {
        return attempt;
    }

    /** success or failure; {@code unknown} while the attempt runs. */
    public String getOutcome() {
        return outcome;
    }

    /** none, transient, rate_limited, permanent, timeout or aborted; {@code unknown} while running. */
    public String getReason() {
        return reason;
    }

    void ended(String outcome, String reason) {
        this.outcome = outcome;
        this.reason = reason;
    }
}
