package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The sliding window of a breaker in {@code failure_rate} mode: the outcomes that decide whether it opens. While the
 * circuit is closed, the window of the current closed period (empty until its first outcome); while open or
 * half-open, the window the closed circuit last filled, the one that opened it.
 *
 * @param type {@code count} or {@code time}
 * @param size the outcomes a count window holds, or the seconds a time window spans
 * @param calls outcomes in the window
 * @param failedCalls failed outcomes in the window
 * @param slowCalls slow outcomes in the window (successful or failed)
 * @param minimumCalls outcomes the window must hold before a rate counts
 * @param failureRate percent of failed outcomes, or -1 while fewer than {@code minimumCalls} (as in Resilience4j)
 * @param failureRateThreshold the failure rate that opens the circuit
 * @param slowCallRate percent of slow outcomes, or -1 while fewer than {@code minimumCalls}
 * @param slowCallRateThreshold the slow-call rate that opens the circuit, or -1 when no outcome counts as slow
 */
@JsonPropertyOrder({"type", "size", "calls", "failed_calls", "slow_calls", "minimum_calls", "failure_rate",
        "failure_rate_threshold", "slow_call_rate", "slow_call_rate_threshold"})
public record SlidingWindowSnapshot(
        @JsonProperty("type") String type,
        @JsonProperty("size") int size,
        @JsonProperty("calls") int calls,
        @JsonProperty("failed_calls") int failedCalls,
        @JsonProperty("slow_calls") int slowCalls,
        @JsonProperty("minimum_calls") int minimumCalls,
        @JsonProperty("failure_rate") float failureRate,
        @JsonProperty("failure_rate_threshold") int failureRateThreshold,
        @JsonProperty("slow_call_rate") float slowCallRate,
        @JsonProperty("slow_call_rate_threshold") int slowCallRateThreshold) {
}
