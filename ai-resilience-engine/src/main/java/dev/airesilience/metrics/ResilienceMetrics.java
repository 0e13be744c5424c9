package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *
 * <p>{@code time_to_first_token} (from the start of a streamed call to its first element, retries included) is present
 * only for operations that have streamed; {@code null} otherwise.
 *
 * <p>{@code hedges} counts hedged requests sent (provider requests besides each attempt's first) and
 * {@code hedges_won} the attempts a hedge answered; both appear only once the operation has hedged.
 *
 * <p>{@code reasons} splits the calls that did not succeed by outcome and reason, for example
 * {@code {"fallback": {"permanent": 3}, "rejected": {"circuit_open": 2}}}: outcomes are {@code failure},
 * {@code rejected} and {@code fallback}, reasons the tags of {@link dev.airesilience.event.CallReason}; only
 * non-zero counts appear. A wrong API key shows up here as {@code permanent}, not as a healthy-looking fallback.
 *
 * <p>All of it is counted from the {@link dev.airesilience.event.CallCompletedEvent},
 * {@link dev.airesilience.event.HedgeEvent} and {@link dev.airesilience.event.CircuitStateChangeEvent} that listeners
 * receive, so the Micrometer meters agree.
 */
@JsonPropertyOrder({"total_calls", "successful_calls", "failed_calls", "retry_attempts", "circuit_breaker_opens",
        "circuit_breaker_half_opens", "circuit_breaker_closes", "success_rate", "failure_rate", "last_failure",
        "last_success", "rejected_calls", "fallback_calls", "attempts", "reasons", "latency", "time_to_first_token", "hedges", "hedges_won"})
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
        @JsonProperty("reasons") Map<String, Map<String, Long>> reasons,
        @JsonProperty("latency") LatencySnapshot latency,
        @JsonProperty("time_to_first_token") @JsonInclude(JsonInclude.Include.NON_NULL) LatencySnapshot timeToFirstToken,
        @JsonProperty("hedges") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long hedges,
        @JsonProperty("hedges_won") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long hedgesWon) {

    public ResilienceMetrics {
        reasons = copy(reasons);
    }

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
                rejected, fallbacks, Map.of(), latency);
    }

    /** As {@link #of(long, long, long, long, long, long, long, Instant, Instant, long, long, LatencySnapshot)}, with the reasons. */
    public static ResilienceMetrics of(long successful, long failed, long retryAttempts, long attempts,
            long opens, long halfOpens, long closes, Instant lastFailure, Instant lastSuccess,
            long rejected, long fallbacks, Map<String, Map<String, Long>> reasons, LatencySnapshot latency) {
        return of(successful, failed, retryAttempts, attempts, opens, halfOpens, closes, lastFailure, lastSuccess,
                rejected, fallbacks, reasons, latency, null);
    }

    /**
     * As above, with the time to first element of streamed calls ({@code null} when the operation never streamed).
     */
    public static ResilienceMetrics of(long successful, long failed, long retryAttempts, long attempts,
            long opens, long halfOpens, long closes, Instant lastFailure, Instant lastSuccess,
            long rejected, long fallbacks, Map<String, Map<String, Long>> reasons, LatencySnapshot latency,
            LatencySnapshot timeToFirstToken) {
        return of(successful, failed, retryAttempts, attempts, opens, halfOpens, closes, lastFailure, lastSuccess,
                rejected, fallbacks, reasons, latency, timeToFirstToken, 0, 0);
    }

    /** As above, with the hedges sent and the attempts a hedge answered. */
    public static ResilienceMetrics of(long successful, long failed, long retryAttempts, long attempts,
            long opens, long halfOpens, long closes, Instant lastFailure, Instant lastSuccess,
            long rejected, long fallbacks, Map<String, Map<String, Long>> reasons, LatencySnapshot latency,
            LatencySnapshot timeToFirstToken, long hedges, long hedgesWon) {
        long total = successful + failed + rejected;
        return new ResilienceMetrics(total, successful, failed, retryAttempts, opens, halfOpens, closes,
                percent(successful, total), percent(failed, total), lastFailure, lastSuccess, rejected, fallbacks,
                attempts, reasons, latency, timeToFirstToken, hedges, hedgesWon);
    }

    /** Calls that ended with {@code outcome} for {@code reason} (tags, as in {@link #reasons()}); 0 when none. */
    public long count(String outcome, String reason) {
        Map<String, Long> byReason = reasons.get(outcome);
        Long count = byReason == null ? null : byReason.get(reason);
        return count == null ? 0 : count;
    }

    /** An unmodifiable copy that keeps the given order (outcome, then reason), so the JSON reads the same each time. */
    private static Map<String, Map<String, Long>> copy(Map<String, Map<String, Long>> reasons) {
        if (reasons == null || reasons.isEmpty()) {
            return Map.of();
        }
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        reasons.forEach((outcome, counts) -> copy.put(outcome, Collections.unmodifiableMap(new LinkedHashMap<>(counts))));
        return Collections.unmodifiableMap(copy);
    }

    private static double percent(long part, long total) {
        return total == 0 ? 0.0 : Math.round(part * 10_000.0 / total) / 100.0;
    }
}
