package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Latency of logical calls that ran (all attempts and backoff included; fast rejections are not timed), in ms. Percentiles come
 * from a log-scale histogram with four buckets per power of two, so they are exact to within about 19%.
 */
@JsonPropertyOrder({"count", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms"})
public record LatencySnapshot(
        @JsonProperty("count") long count,
        @JsonProperty("mean_ms") double meanMs,
        @JsonProperty("p50_ms") double p50Ms,
        @JsonProperty("p95_ms") double p95Ms,
        @JsonProperty("p99_ms") double p99Ms,
        @JsonProperty("max_ms") double maxMs) {

    public static final LatencySnapshot EMPTY = new LatencySnapshot(0, 0, 0, 0, 0, 0);
}
