package dev.airesilience.health;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/**
 * The seed's {@code get_health_status()} shape. {@code healthy} is true when no circuit is open; half-open
 * circuits are healthy but listed. Names are sorted.
 */
@JsonPropertyOrder({"healthy", "open_circuit_breakers", "half_open_circuit_breakers", "cooling_down",
        "total_circuit_breakers", "total_operations", "configuration_problems", "shared_state", "timestamp"})
public record HealthStatus(
        @JsonProperty("healthy") boolean healthy,
        @JsonProperty("open_circuit_breakers") List<String> openCircuitBreakers,
        @JsonProperty("half_open_circuit_breakers") List<String> halfOpenCircuitBreakers,
        @JsonProperty("total_circuit_breakers") int totalCircuitBreakers,
        @JsonProperty("total_operations") int totalOperations,
        @JsonProperty("timestamp") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant timestamp,
        // Settings left out at startup because they were invalid (lenient mode); empty when all were valid.
        @JsonProperty("configuration_problems") List<String> configurationProblems,
        // Whether the state shared with other instances is reachable: "available" or "unavailable" (calls then go on
        // with this instance's own state); absent when nothing is shared.
        @JsonProperty("shared_state") @JsonInclude(JsonInclude.Include.NON_NULL) String sharedState,
        // Operations a provider's rate limit holds now (a cooldown after a 429 with Retry-After), sorted; shown
        // where the open breakers are, but not unhealthy: the provider is up, it asked us to wait. Absent when empty.
        @JsonProperty("cooling_down") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> coolingDown) {

    public HealthStatus {
        openCircuitBreakers = List.copyOf(openCircuitBreakers);
        halfOpenCircuitBreakers = List.copyOf(halfOpenCircuitBreakers);
        configurationProblems = List.copyOf(configurationProblems);
        coolingDown = List.copyOf(coolingDown);
    }

    public HealthStatus(boolean healthy, List<String> openCircuitBreakers, List<String> halfOpenCircuitBreakers,
            int totalCircuitBreakers, int totalOperations, Instant timestamp) {
        this(healthy, openCircuitBreakers, halfOpenCircuitBreakers, totalCircuitBreakers, totalOperations, timestamp,
                List.of(), null, List.of());
    }

    /** This status with the configuration problems found at startup. */
    public HealthStatus withConfigurationProblems(List<String> problems) {
        return new HealthStatus(healthy, openCircuitBreakers, halfOpenCircuitBreakers, totalCircuitBreakers,
                totalOperations, timestamp, problems, sharedState, coolingDown);
    }

    /** This status with whether the shared state is reachable ({@code null}: nothing is shared). */
    public HealthStatus withSharedState(String sharedState) {
        return new HealthStatus(healthy, openCircuitBreakers, halfOpenCircuitBreakers, totalCircuitBreakers,
                totalOperations, timestamp, configurationProblems, sharedState, coolingDown);
    }

    /** This status with the operations a provider's rate limit holds now. */
    public HealthStatus withCoolingDown(List<String> coolingDown) {
        return new HealthStatus(healthy, openCircuitBreakers, halfOpenCircuitBreakers, totalCircuitBreakers,
                totalOperations, timestamp, configurationProblems, sharedState, coolingDown);
    }
}
