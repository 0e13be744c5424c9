package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.airesilience.health.CircuitState;
import java.time.Instant;

/**
 * The state of one target of the routes (a provider and model), as {@code getAllMetrics()} reports it under
 * {@code targets}: its breaker, its rate-limit cooldown, what its quota has left and its last error. Its calls'
 * counts are the operation {@code target:<name>}'s metrics.
 *
 * @param circuitState the target's breaker, or null before its first call
 * @param cooldownUntil when the provider's rate limit ends, or null when the target is not cooling down
 * @param requestsRemaining requests its quota has left in the rolling minute, or null when it limits none
 * @param tokensRemaining tokens its quota has left, or null when it limits none
 * @param lastError the last failure of a call to it ({@code Type: message}, redacted), or null
 * @param lastErrorAt when that failure ended its call, or null
 */
@JsonPropertyOrder({"circuit_state", "cooldown_until", "requests_remaining", "tokens_remaining", "last_error",
        "last_error_at"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetSnapshot(
        @JsonProperty("circuit_state") CircuitState circuitState,
        @JsonProperty("cooldown_until") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant cooldownUntil,
        @JsonProperty("requests_remaining") Long requestsRemaining,
        @JsonProperty("tokens_remaining") Long tokensRemaining,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("last_error_at") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastErrorAt) {

    /** Whether the target would be skipped now: its circuit open, or cooling down. */
    public boolean unavailable() {
        return circuitState == CircuitState.OPEN || cooldownUntil != null;
    }
}
