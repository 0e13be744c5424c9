package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.health.CircuitState;
import java.time.Duration;
import java.time.Instant;

/**
 * One operation's circuit breaker as reported by {@code getAllMetrics()} and the health endpoints.
 *
 * @param state {@code closed}, {@code open} or {@code half-open}; an open circuit whose recovery timeout has
 *     passed reports {@code half-open}, as it would admit a trial call now
 * @param failureCount consecutive counted failures in the current closed period (in {@code failure_rate} mode
 *     for information only: the window decides)
 * @param openUntil when an open circuit admits a trial call, or {@code null} when not open
 * @param metrics the operation's metrics, the very same numbers as {@code operations.<name>} in
 *     {@code getAllMetrics()}: the breaker keeps no counts of its own that could contradict them
 * @param slidingWindow in {@code failure_rate} mode, the window that decides whether the circuit opens; absent
 *     ({@code null}) in the default consecutive mode
 * @param openInterval while open, the length of this open period: {@code recoveryTimeout}, or shorter with fast
 *     recovery ({@code recovery_initial_seconds}); {@code null} when not open
 * @param consecutiveOpens how many times the circuit has opened since it last closed (1 after the first opening,
 *     one more per failed trial); 0 when closed
 * @param healthProbe the operation's registered health probe, or {@code null} when it has none
 */
@JsonPropertyOrder({"name", "state", "healthy", "failure_count", "failure_threshold", "recovery_timeout",
        "half_open_max_calls", "last_failure_time", "open_until", "open_interval", "consecutive_opens", "metrics",
        "sliding_window", "health_probe"})
public record CircuitBreakerSnapshot(
        @JsonProperty("name") String name,
        @JsonProperty("state") CircuitState state,
        @JsonProperty("failure_count") int failureCount,
        @JsonProperty("failure_threshold") int failureThreshold,
        @JsonIgnore Duration recoveryTimeout,
        @JsonProperty("half_open_max_calls") int halfOpenMaxCalls,
        @JsonProperty("last_failure_time") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastFailureTime,
        @JsonProperty("open_until") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant openUntil,
        @JsonProperty("metrics") ResilienceMetrics metrics,
        @JsonProperty("sliding_window") @JsonInclude(JsonInclude.Include.NON_NULL) SlidingWindowSnapshot slidingWindow,
        @JsonIgnore Duration openInterval,
        @JsonProperty("consecutive_opens") int consecutiveOpens,
        @JsonProperty("health_probe") @JsonInclude(JsonInclude.Include.NON_NULL) HealthProbeSnapshot healthProbe) {

    /** A breaker without fast recovery's details (closed, no probe). */
    public CircuitBreakerSnapshot(String name, CircuitState state, int failureCount, int failureThreshold,
            Duration recoveryTimeout, int halfOpenMaxCalls, Instant lastFailureTime, Instant openUntil,
            ResilienceMetrics metrics, SlidingWindowSnapshot slidingWindow) {
        this(name, state, failureCount, failureThreshold, recoveryTimeout, halfOpenMaxCalls, lastFailureTime, openUntil,
                metrics, slidingWindow, null, 0, null);
    }

    /** A breaker in the consecutive mode, without a sliding window. */
    public CircuitBreakerSnapshot(String name, CircuitState state, int failureCount, int failureThreshold,
            Duration recoveryTimeout, int halfOpenMaxCalls, Instant lastFailureTime, Instant openUntil,
            ResilienceMetrics metrics) {
        this(name, state, failureCount, failureThreshold, recoveryTimeout, halfOpenMaxCalls, lastFailureTime, openUntil,
                metrics, null);
    }

    /** The recovery timeout in JSON's unit, seconds: an integer when whole ({@code 60}), else a decimal. */
    @JsonProperty("recovery_timeout")
    public Number recoveryTimeoutSeconds() {
        return ConfigKey.jsonSeconds(recoveryTimeout);
    }

    /** The open period in JSON's unit, seconds; absent when not open. */
    @JsonProperty("open_interval")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Number openIntervalSeconds() {
        return openInterval == null ? null : ConfigKey.jsonSeconds(openInterval);
    }

    /** Healthy unless open (half-open counts as healthy). */
    @JsonProperty("healthy")
    public boolean healthy() {
        return state != CircuitState.OPEN;
    }
}
