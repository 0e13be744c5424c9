package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * A snapshot of one operation's (or one circuit breaker's) counters: the seed's 11 keys plus
 * {@code rejected_calls}, {@code fallback_calls}, {@code attempts} and {@code latency}.
 *
 * <p>Counting is per <em>logical</em> call, in three disjoint outcomes (the seed's §6.2):
 * {@code total_calls == successful_calls + failed_calls + rejected_calls}. A rejected call (open circuit,
 * rate-limit cooldown) never ran the function and is not a failure; {@code success_rate} and {@code failure_rate}
 * are shares of the total, so with rejections they add up to less than 100. {@code fallback_calls} counts the
 * failed or rejected calls that a fallback answered. {@code retry_attempts} counts re-attempts; {@code attempts}
 * counts every invocation of the function. Rates are percentages rounded to two decimals.
 * {@code time_to_first_token} (from the start of a streamed call to its first element, retries included) is present
 * only for operations that have streamed; {@code null} otherwise.
 */
@JsonPropertyOrder({"total_calls", "successful_calls", "failed_calls", "retry_attempts", "circuit_breaker_opens",
        "circuit_breaker_half_opens", "circuit_breaker_closes", "success_rate", "failure_rate", "last_failure",
        "last_success", "rejected_calls", "fallback_calls", "attempts", "latency", "time_to_first_token"})
public record ResilienceMetrics(
        @JsonProperty("total_calls") long totalCalls,
        @JsonProperty("successful_calls") long successfulCalls,
        @JsonProperty("failed_calls") long failedCalls,
        @JsonProperty("retry_attempts") long retryAttempts,
        @JsonProperty("circuit_breaker_opens") long circuitBreakerOpens,
        @JsonProperty("circuit_breaker_half_opens") long circuitBreakerHalfOpens,
        @JsonProperty("circuit_breaker_closes") long circuitBreakerCloses,
        @JsonProperty("success_rate") double successRate,
        @JsonProperty("failure_rate") double failureRate,
        @JsonProperty("last_failure") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastFailure,
        @JsonProperty("last_success") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant lastSuccess,
        @JsonProperty("rejected_calls") long rejectedCalls,
        @JsonProperty("fallback_calls") long fallbackCalls,
        @JsonProperty("attempts") long attempts,
        @JsonProperty("latency") LatencySnapshot latency,
        @JsonProperty("time_to_first_token") @JsonInclude(JsonInclude.Include.NON_NULL) LatencySnapshot timeToFirstToken) {

    /** A record with every counter at zero, as reported for an operation that has not been called. */
    public static final ResilienceMetrics EMPTY =
            of(0, 0, 0, 0, 0, 0, 0, null, null, 0, 0, LatencySnapshot.EMPTY);

    /**
     * Builds a snapshot, deriving total and rates from the three disjoint outcome counters: {@code total_calls =
     * successful_calls + failed_calls + rejected_calls}.
     */
    public static ResilienceMetrics of(long successful, long failed, long retryAttempts, long attempts,
            long opens, long halfOpens, long closes, Instant lastFailure, Instant lastSuccess,
            long rejected, long fallbacks, LatencySnapshot latency) {
        return of(successful, failed, retryAttempts, attempts, opens, halfOpens, closes, lastFailure, lastSuccess,
                rejected, fallbacks, latency, null);
    }

    /** As above, with the time to first element of streamed calls ({@code null} when the operation never streamed). */
    public static ResilienceMetrics of(long successful, long failed, long retryAttempts, long attempts,
            long opens, long halfOpens, long closes, Instant lastFailure, Instant lastSuccess,
            long rejected, long fallbacks, LatencySnapshot latency, LatencySnapshot timeToFirstToken) {
        long total = successful + failed + rejected;
        return new ResilienceMetrics(total, successful, failed, retryAttempts, opens, halfOpens, closes,
                percent(successful, total), percent(failed, total), lastFailure, lastSuccess, rejected, fallbacks,
                attempts, latency, timeToFirstToken);
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0.0 : Math.round(part * 10_000.0 / total) / 100.0;
    }
}
