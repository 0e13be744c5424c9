package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** The {@code summary} part of {@code getAllMetrics()}. {@code overall_success_rate} is a percentage. */
@JsonPropertyOrder({"total_operations", "total_circuit_breakers", "healthy_circuit_breakers", "total_calls",
        "successful_calls", "failed_calls", "overall_success_rate", "timestamp"})
public record MetricsSummary(
        @JsonProperty("total_operations") int totalOperations,
        @JsonProperty("total_circuit_breakers") int totalCircuitBreakers,
        @JsonProperty("healthy_circuit_breakers") int healthyCircuitBreakers,
        @JsonProperty("total_calls") long totalCalls,
        @JsonProperty("successful_calls") long successfulCalls,
        @JsonProperty("failed_calls") long failedCalls,
        @JsonProperty("overall_success_rate") double overallSuccessRate,
        @JsonProperty("timestamp") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant timestamp) {}
