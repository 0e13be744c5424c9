package dev.airesilience.bench.sim;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The provider behaviours. Windows are fractions of the nominal run length {@code D} (the time the clients need
 * when every call succeeds at once), so that short smoke runs exercise them too.
 */
enum Scenario {
    A_TRANSIENT("a", "20% random transient 503s", Double.NaN, Double.NaN),
    B_OUTAGE("b", "hard outage (every call 503) in [0.30 D, 0.60 D]", 0.30, 0.60),
    C_RATE_LIMIT("c", "rate limit: 10 requests per 5 s window, then 429 with Retry-After", Double.NaN, Double.NaN),
    D_MIXED("d", "10% permanent 400s (per request) + 10% transient 500s (per attempt)", Double.NaN, Double.NaN),
    E_LATENCY_SPIKE("e", "latency spike in [0.30 D, 0.45 D]: 6 s responses, the client times out at 5 s (504)", 0.30, 0.45),
    F_BROWN_OUT("f", "brown-out in [0.30 D, 0.60 D]: 60% of calls 503", 0.30, 0.60),
    G_OVERLOAD("g", "overload: capacity 5 in flight (5 req/s), open-loop arrivals 2.5x faster in [0.30 D, 0.60 D]; "
            + "529 when the queue holds 4 s of work, the client times out at 5 s", 0.30, 0.60),
    H_STALLS("h", "tail stalls: 5% of responses (per attempt) stall 6 s, the client times out at 5 s (504)",
            Double.NaN, Double.NaN);

    static final double NORMAL_LATENCY_S = 0.2;
    static final double SPIKE_LATENCY_S = 6.0;
    static final double CLIENT_TIMEOUT_S = 5.0;
    static final int RATE_LIMIT_PER_WINDOW = 10;
    static final double RATE_LIMIT_WINDOW_S = 5.0;

    // (g) overload: a provider with OVERLOAD_WORKERS requests in service at once, each taking uniform
    // [0.5, 1.5] s (mean 1 s): capacity 5 requests per second. Waiting requests queue FIFO; one that would wait
    // more than OVERLOAD_MAX_WAIT_S is answered 529 at once. The provider never learns that a client timed out,
    // so a request queued behind more than ~3.5 s of work is served for nobody: that wasted work is what lets
    // retries keep it overloaded after the driving load falls.
    static final int OVERLOAD_WORKERS = 5;
    static final double OVERLOAD_SERVICE_MIN_S = 0.5;
    static final double OVERLOAD_SERVICE_SPREAD_S = 1.0;
    static final double OVERLOAD_MAX_WAIT_S = 4.0;
    static final double OVERLOAD_REJECT_LATENCY_S = 0.05;
    /** How much faster the open-loop clients send requests inside the overload window. */
    static final double OVERLOAD_DRIVE = 2.5;

    // (h) stalls: each attempt stalls with this probability (and the client times out), independently.
    static final double STALL_PROBABILITY = 0.05;

    final String key;
    final String description;
    private final double downFrom;
    private final double downTo;

    Scenario(String key, String description, double downFrom, double downTo) {
        this.key = key;
        this.description = description;
        this.downFrom = downFrom;
        this.downTo = downTo;
    }

    /** Capacity of (g) in requests per second: the most any client can get through during the overload. */
    static double overloadCapacityPerSecond() {
        return OVERLOAD_WORKERS / (OVERLOAD_SERVICE_MIN_S + OVERLOAD_SERVICE_SPREAD_S / 2);
    }

    /**
     * Whether requests arrive on a schedule, whatever happened to earlier ones (open loop: many independent users),
     * instead of each client waiting for its answer and thinking before the next (closed loop). Only an open loop
     * can show a retry storm: a closed-loop client that retries sends no new request meanwhile.
     */
    boolean openLoop() {
        return this == G_OVERLOAD;
    }

    /**
     * The coarsest time scale (real ms per simulated second) at which the scenario measures what it is for. (h) is
     * about a hedge answering within about one healthy latency of the delay: its p99 is compared with 2x a healthy
     * p99 of about 0.2 s, so a tenth of a millisecond of thread hand-off and timer lag must not be a sizeable part
     * of a simulated second. At 5 ms it is 0.02-0.04 s, at 20 ms a quarter of that.
     */
    double minMsPerSecond() {
        return this == H_STALLS ? 20 : 0;
    }

    boolean hasWindow() {
        return !Double.isNaN(downFrom);
    }

    double windowStart(double nominalSeconds) {
        return downFrom * nominalSeconds;
    }

    double windowEnd(double nominalSeconds) {
        return downTo * nominalSeconds;
    }

    /**
     * The theoretical optimum where one exists (null fields where none does), for a client making at most
     * {@code attempts} attempts and a breaker with {@code threshold} and {@code recoverySeconds}.
     */
    Optimum optimum(int attempts, int threshold, double recoverySeconds, double nominalSeconds) {
        switch (this) {
            case A_TRANSIENT:
                // Independent failures: success 1 - p^n; expected calls 1 + p + ... + p^(n-1).
                return new Optimum(1 - Math.pow(0.2, attempts), (1 - Math.pow(0.2, attempts)) / 0.8, null, 0L, "1-p^n, p=0.2");
            case B_OUTAGE: {
                double length = windowEnd(nominalSeconds) - windowStart(nominalSeconds);
                // A breaker must see 'threshold' failures, then needs one probe per recovery interval.
                long probes = threshold + (long) Math.ceil(length / recoverySeconds);
                return new Optimum(null, null, probes, 0L, "threshold + one probe per recovery interval while down");
            }
            case C_RATE_LIMIT:
                return new Optimum(1.0, 1.0, null, 0L, "Retry-After honoured: no 429 needed, every request fits its budget");
            case D_MIXED: {
                double transientOk = 1 - Math.pow(0.1, attempts);
                double calls = 0.1 + 0.9 * (1 - Math.pow(0.1, attempts)) / 0.9;
                return new Optimum(0.9 * transientOk, calls, null, 0L, "400s never retried; 0.9 (1-p^n), p=0.1");
            }
            case F_BROWN_OUT:
                return new Optimum(null, null, null, 0L, "in window 1-0.6^n per request; success-maximising: "
                        + "naive-retry's success (3 attempts every time, nothing given up early)");
            case G_OVERLOAD:
                return new Optimum(null, 1.0, null, 0L, String.format(java.util.Locale.ROOT,
                        "goodput = capacity %.1f req/s during the overload, amplification 1.0, recovery 0",
                        overloadCapacityPerSecond()));
            case H_STALLS:
                return new Optimum(null, 1.0, null, 0L, "p99 near the healthy p99 (the 'healthy' row: none, no stalls); "
                        + "1/(1-0.05) = 1.053 calls/request if every stall is hedged once");
            default:
                return new Optimum(null, null, null, 0L, "");
        }
    }

    /** The optimum beside the contenders; null where there is none. */
    record Optimum(
            @JsonProperty("success_ratio") Double success,
            @JsonProperty("provider_calls_per_request") Double callsPerRequest,
            @JsonProperty("calls_while_down") Long callsWhileDown,
            @JsonProperty("rate_limited_429") Long rateLimited,
            @JsonProperty("note") String note) {}
}
