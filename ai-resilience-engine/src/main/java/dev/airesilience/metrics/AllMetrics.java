package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything {@code getAllMetrics()} reports: {@code {operations, circuit_breakers, cooldowns, targets, summary}},
 * keyed by operation (or target) name. {@code cooldowns} (the operations a provider's rate limit holds now, with
 * when it ends) and {@code targets} (the routes' targets) appear only when not empty. Serialises to JSON with Jackson
 * as is.
 */
@JsonPropertyOrder({"operations", "circuit_breakers", "cooldowns", "targets", "summary"})
public record AllMetrics(
        @JsonProperty("operations") Map<String, ResilienceMetrics> operations,
        @JsonProperty("circuit_breakers") Map<String, CircuitBreakerSnapshot> circuitBreakers,
        @JsonProperty("cooldowns") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Instant> cooldowns,
        @JsonProperty("targets") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, TargetSnapshot> targets,
        @JsonProperty("summary") MetricsSummary summary) {

    public AllMetrics {
        operations = Map.copyOf(operations);
        circuitBreakers = Map.copyOf(circuitBreakers);
        cooldowns = Collections.unmodifiableMap(new TreeMap<>(cooldowns));
        targets = Collections.unmodifiableMap(new TreeMap<>(targets));
    }

    /** Without cooldowns and targets. */
    public AllMetrics(Map<String, ResilienceMetrics> operations, Map<String, CircuitBreakerSnapshot> circuitBreakers,
            MetricsSummary summary) {
        this(operations, circuitBreakers, Map.of(), Map.of(), summary);
    }
}
