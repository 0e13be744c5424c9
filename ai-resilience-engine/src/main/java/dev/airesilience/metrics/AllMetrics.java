package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * Everything {@code getAllMetrics()} reports: {@code {operations, circuit_breakers, summary}}, keyed by
 * operation name in name order. Serialises to JSON with Jackson as is.
 */
@JsonPropertyOrder({"operations", "circuit_breakers", "summary"})
public record AllMetrics(
        @JsonProperty("operations") Map<String, ResilienceMetrics> operations,
        @JsonProperty("circuit_breakers") Map<String, CircuitBreakerSnapshot> circuitBreakers,
        @JsonProperty("summary") MetricsSummary summary) {

    public AllMetrics {
        operations = Map.copyOf(operations);
        circuitBreakers = Map.copyOf(circuitBreakers);
    }
}
