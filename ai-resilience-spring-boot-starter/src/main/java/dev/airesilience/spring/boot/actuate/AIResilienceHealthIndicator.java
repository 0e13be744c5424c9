package dev.airesilience.spring.boot.actuate;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.health.HealthStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * UP while every circuit is closed; {@code CIRCUIT_OPEN} while any is open and {@code CIRCUIT_HALF_OPEN} while
 * one is half-open (both configurable, for example to DOWN). An outage at the AI provider is not our process
 * failing, so by default it does not fail the health check. The details are core's {@link HealthStatus}.
 */
public final class AIResilienceHealthIndicator implements HealthIndicator {

    /** Reported while any circuit is open, unless configured otherwise. */
    public static final Status CIRCUIT_OPEN = new Status("CIRCUIT_OPEN", "At least one AI service circuit is open");

    /** Reported while a circuit is half-open and none is open, unless configured otherwise. */
    public static final Status CIRCUIT_HALF_OPEN = new Status("CIRCUIT_HALF_OPEN", "An AI service circuit is probing recovery");

    private final AIServiceResilience resilience;
    private final Status openStatus;
    private final Status halfOpenStatus;

    public AIResilienceHealthIndicator(AIServiceResilience resilience, Status openStatus, Status halfOpenStatus) {
        this.resilience = resilience;
        this.openStatus = openStatus;
        this.halfOpenStatus = halfOpenStatus;
    }

    @Override
    public Health health() {
        HealthStatus status = resilience.getHealthStatus();
        Status overall = !status.openCircuitBreakers().isEmpty() ? openStatus
                : !status.halfOpenCircuitBreakers().isEmpty() ? halfOpenStatus : Status.UP;
        Health.Builder health = Health.status(overall)
                .withDetail("healthy", status.healthy())
                .withDetail("open_circuit_breakers", status.openCircuitBreakers())
                .withDetail("half_open_circuit_breakers", status.halfOpenCircuitBreakers())
                .withDetail("total_circuit_breakers", status.totalCircuitBreakers())
                .withDetail("total_operations", status.totalOperations())
                .withDetail("timestamp", status.timestamp().toString());
        if (!status.configurationProblems().isEmpty()) {
            // Settings left out at startup: the service runs, but not as configured.
            health.withDetail("configuration_problems", status.configurationProblems());
        }
        if (status.sharedState() != null) {
            // "unavailable": calls go on with this instance's own state; not a reason to take the instance out.
            health.withDetail("shared_state", status.sharedState());
        }
        return health.build();
    }

    /** {@code name} as a status, reusing the standard instances (and their descriptions) where it names one. */
    public static Status status(String name) {
        String code = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (Status known : new Status[] {Status.UP, Status.DOWN, Status.OUT_OF_SERVICE, Status.UNKNOWN, CIRCUIT_OPEN, CIRCUIT_HALF_OPEN}) {
            if (known.getCode().equals(code)) {
                return known;
            }
        }
        return new Status(code);
    }
}
