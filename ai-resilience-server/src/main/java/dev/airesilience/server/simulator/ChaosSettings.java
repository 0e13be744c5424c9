package dev.airesilience.server.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated provider does wrong, on purpose.
 *
 * @param errorRate share of requests answered with an error from {@code statusMix} (0.0–1.0)
 * @param statusMix relative weights of the error statuses (429, 500, 503, 529, 400)
 * @param retryAfterSeconds the {@code Retry-After} a 429 carries (0–3600)
 * @param latencyMs delay added before every answer (0–60000)
 * @param requestsPerSecond above this rate requests get 429 with {@code Retry-After: 1}; 0 means unlimited
 * @param failNext the next this-many requests fail with a status from {@code statusMix}, whatever the error rate
 * @param retryAfterRaw when set, the exact {@code Retry-After} text a 429 carries instead of
 *        {@code retryAfterSeconds} (at most 1,000 characters), to test hostile provider headers; {@code null} for none
 * @param errorMessage when set, the {@code error.message} of every error body (at most 1,000 characters), e.g. a
 *        provider quoting a key back; {@code null} for {@code "Simulated failure <status>"}
 */
public record ChaosSettings(
        @JsonProperty("error_rate") double errorRate,
        @JsonProperty("status_mix") Map<Integer, Integer> statusMix,
        @JsonProperty("retry_after_seconds") int retryAfterSeconds,
        @JsonProperty("latency_ms") int latencyMs,
        @JsonProperty("requests_per_second") int requestsPerSecond,
        @JsonProperty("fail_next") int failNext,
        @JsonProperty("retry_after_raw") String retryAfterRaw,
        @JsonProperty("error_message") String errorMessage) {

    public static final Set<Integer> ERROR_STATUSES = Set.of(429, 500, 503, 529, 400);

    /** No chaos: every request succeeds at once. Errors, when enabled, are mostly 429s and 503s. */
    public static final ChaosSettings CALM = new ChaosSettings(0.0, Map.of(429, 2, 500, 1, 503, 2, 529, 1), 1, 0, 0, 0);

    /** The longest accepted {@link #retryAfterRaw()} and {@link #errorMessage()}. */
    public static final int MAX_RAW_TEXT = 1_000;

    /** The whole-number settings' ranges; {@code outage_seconds} is a command, not a setting, but has one too. */
    static final Range RETRY_AFTER_SECONDS = new Range(0, 3_600, "0");
    static final Range LATENCY_MS = new Range(0, 60_000, "0");
    static final Range REQUESTS_PER_SECOND = new Range(0, 100_000, "0 (unlimited)");
    static final Range FAIL_NEXT = new Range(0, 100_000, "0");
    static final Range STATUS_WEIGHT = new Range(1, 1_000, "1");
    static final Range OUTAGE_SECONDS = new Range(0, 3_600, "0");

    /** An inclusive range of a whole-number field. */
    record Range(int min, int max, String minLabel) {

        /** Compares as a double, so a value beyond {@code int} (JSON allows any) is out of range, not wrapped. */
        boolean contains(double value) {
            return value >= min && value <= max;
        }

        /** The problem report: the field, the allowed range and the value received, as received. */
        String problem(String field, Object value) {
            return field + " must be between " + minLabel + " and " + max + ", got " + value;
        }

        void check(String field, int value, List<String> problems) {
            if (!contains(value)) {
                problems.add(problem(field, value));
            }
        }
    }

    public ChaosSettings {
        statusMix = Map.copyOf(statusMix);
    }

    /** Settings whose 429s carry {@code Retry-After: <retryAfterSeconds>}. */
    public ChaosSettings(double errorRate, Map<Integer, Integer> statusMix, int retryAfterSeconds, int latencyMs,
            int requestsPerSecond, int failNext) {
        this(errorRate, statusMix, retryAfterSeconds, latencyMs, requestsPerSecond, failNext, null);
    }

    /** Settings whose error bodies say {@code "Simulated failure <status>"}. */
    public ChaosSettings(double errorRate, Map<Integer, Integer> statusMix, int retryAfterSeconds, int latencyMs,
            int requestsPerSecond, int failNext, String retryAfterRaw) {
        this(errorRate, statusMix, retryAfterSeconds, latencyMs, requestsPerSecond, failNext, retryAfterRaw, null);
    }

    /** Every problem of these settings, each naming the field, the allowed range and the value received. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!(errorRate >= 0.0 && errorRate <= 1.0)) {
            problems.add("error_rate must be between 0.0 and 1.0, got " + errorRate);
        }
        RETRY_AFTER_SECONDS.check("retry_after_seconds", retryAfterSeconds, problems);
        LATENCY_MS.check("latency_ms", latencyMs, problems);
        REQUESTS_PER_SECOND.check("requests_per_second", requestsPerSecond, problems);
        FAIL_NEXT.check("fail_next", failNext, problems);
        if (retryAfterRaw != null && retryAfterRaw.length() > MAX_RAW_TEXT) {
            problems.add("retry_after_raw must be at most " + MAX_RAW_TEXT + " characters, got " + retryAfterRaw.length());
        }
        if (errorMessage != null && errorMessage.length() > MAX_RAW_TEXT) {
            problems.add("error_message must be at most " + MAX_RAW_TEXT + " characters, got " + errorMessage.length());
        }
        if (statusMix.isEmpty()) {
            problems.add("status_mix must name at least one of " + ERROR_STATUSES + ", got {}");
        }
        statusMix.forEach((status, weight) -> {
            if (!ERROR_STATUSES.contains(status)) {
                problems.add("status_mix keys must be one of " + ERROR_STATUSES + ", got " + status);
            }
            STATUS_WEIGHT.check("status_mix." + status + " weight", weight, problems);
        });
        return problems;
    }

    /** The status a failing request gets, chosen by weight with {@code roll} in [0, 1). */
    int pickStatus(double roll) {
        Map<Integer, Integer> sorted = new LinkedHashMap<>();
        statusMix.keySet().stream().sorted().forEach(status -> sorted.put(status, statusMix.get(status)));
        int total = sorted.values().stream().mapToInt(Integer::intValue).sum();
        double target = roll * total;
        int seen = 0;
        for (Map.Entry<Integer, Integer> entry : sorted.entrySet()) {
            seen += entry.getValue();
            if (target < seen) {
                return entry.getKey();
            }
        }
        return sorted.keySet().iterator().next();
    }

    ChaosSettings withFailNext(int remaining) {
        return new ChaosSettings(errorRate, statusMix, retryAfterSeconds, latencyMs, requestsPerSecond, remaining,
                retryAfterRaw, errorMessage);
    }
}
