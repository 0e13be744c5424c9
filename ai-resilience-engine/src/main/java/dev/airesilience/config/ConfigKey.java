package dev.airesilience.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one range table: every setting, its JSON key and the values it accepts. The Java records
 * ({@code RetryConfig}, {@code CircuitBreakerConfig}, {@code ResilienceConfig}), JSON documents (custom, runtime,
 * presets, legacy variables) and Spring properties are all checked against it, so a value valid in one is valid in
 * all of them.
 *
 * <p>The ranges are those the seed documents for its configuration objects (§1.1: up to 20 attempts, 100 failures,
 * an hour), not the narrower ones of its JSON schema (§3.3): the seed had three range sets that disagreed, and a
 * value valid in Java could be refused at runtime. Durations accept anything from one millisecond (zero where zero
 * has a meaning: no floor, no jitter, no attempt timeout), because a 300 ms open interval or a 20 ms backoff are
 * ordinary needs that the seed's whole seconds could not express. JSON gives durations in seconds, decimals
 * allowed.
 */
public enum ConfigKey {
    RETRY_ATTEMPTS("maxAttempts", Type.INT, 1, 20),
    CIRCUIT_BREAKER_THRESHOLD("failureThreshold", Type.INT, 1, 100),
    RECOVERY_TIMEOUT("recoveryTimeout", Type.SECONDS, 0.001, 3600),
    DEFAULT_STRATEGY("strategy", Type.STRATEGY, 0, 0),
    OPERATION_OVERRIDES("operationOverrides", Type.OVERRIDES, 0, 0),
    EXPONENTIAL_MULTIPLIER("exponentialMultiplier", Type.SECONDS, 0.001, 10),
    EXPONENTIAL_MIN("exponentialMin", Type.SECONDS, 0, 60),
    EXPONENTIAL_MAX("exponentialMax", Type.SECONDS, 0.001, 3600),
    JITTER_ENABLED("jitter", Type.BOOLEAN, 0, 0),
    JITTER_MAX("jitterMax", Type.SECONDS, 0, 60),
    MAX_DELAY_SECONDS("maxDelay", Type.SECONDS, 0.001, 3600),
    HALF_OPEN_MAX_CALLS("halfOpenMaxCalls", Type.INT, 1, 10),
    /** Whether the breaker counts every failed attempt instead of one outcome per logical call. Not in the seed. */
    CIRCUIT_BREAKER_COUNT_ATTEMPTS("countAttempts", Type.BOOLEAN, 0, 0),
    ENABLE_RETRY("enableRetry", Type.BOOLEAN, 0, 0),
    ENABLE_CIRCUIT_BREAKER("enableCircuitBreaker", Type.BOOLEAN, 0, 0),
    /** Per-attempt timeout; 0 (JSON) or {@code null} (Java) means none. Not in the seed's schema. */
    ATTEMPT_TIMEOUT_SECONDS("attemptTimeout", Type.SECONDS, 0, 3600),
    /** Streamed calls: how long an attempt may wait for its first element (then retried); 0 means none. */
    FIRST_TOKEN_TIMEOUT_SECONDS("firstTokenTimeout", Type.SECONDS, 0, 3600),
    /** Streamed calls: how long a started stream may go without an element (then it fails); 0 means none. */
    IDLE_TIMEOUT_SECONDS("idleTimeout", Type.SECONDS, 0, 3600),
    /** What opens the circuit: consecutive failures (the default) or a rate over a sliding window. Not in the seed. */
    CIRCUIT_BREAKER_MODE("mode", BreakerMode.class),
    /** {@code failure_rate} mode: the window counts the last calls or the last seconds. */
    CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE("slidingWindowType", SlidingWindowType.class),
    /** {@code failure_rate} mode, count window: how many outcomes it holds. */
    CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE("slidingWindowSize", Type.INT, 1, 1000),
    /**
     * {@code failure_rate} mode, time window: how long it is. Whole seconds, because Resilience4j's window keeps one
     * bucket per second; at most 10 minutes, because it keeps them all (one object each) for every operation.
     */
    CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION("slidingWindowDuration", Type.SECONDS, 1, 600, true),
    /** {@code failure_rate} mode: outcomes the window must hold before a rate can open the circuit. */
    CIRCUIT_BREAKER_MINIMUM_CALLS("minimumNumberOfCalls", Type.INT, 1, 1000),
    /** {@code failure_rate} mode: the failure rate, in percent, that opens the circuit. */
    CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD("failureRateThreshold", Type.INT, 1, 100),
    /** {@code failure_rate} mode: an outcome at least this long is slow; 0 (JSON) or {@code null} (Java): none is. */
    CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD("slowCallDurationThreshold", Type.SECONDS, 0, 3600),
    /** {@code failure_rate} mode: the slow-call rate, in percent, that opens the circuit. */
    CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD("slowCallRateThreshold", Type.INT, 1, 100),
    /** Adaptive client-side throttling (SRE "Handling Overload"), off by default. Not in the seed. */
    THROTTLE_ENABLED("ThrottleConfig.enabled", Type.BOOLEAN, 0, 0),
    /** The throttle's K: requests per accept before local rejection starts; the SRE book suggests 2. */
    THROTTLE_K("ThrottleConfig.k", Type.DECIMAL, 1, 10),
    /** How far back the throttle counts, in 1 s buckets; at most 10 minutes (two longs per second per operation). */
    THROTTLE_WINDOW_SECONDS("ThrottleConfig.window", Type.SECONDS, 1, 600, true),
    /** The retry budget (gRPC retry throttling), off by default. Not in the seed. */
    RETRY_BUDGET_ENABLED("RetryBudgetConfig.enabled", Type.BOOLEAN, 0, 0),
    /** The budget's bucket size; gRPC's range. */
    RETRY_BUDGET_MAX_TOKENS("RetryBudgetConfig.maxTokens", Type.INT, 1, 1000),
    /** Tokens a success gives back, to three decimals as gRPC keeps them. */
    RETRY_BUDGET_TOKEN_RATIO("RetryBudgetConfig.tokenRatio", Type.DECIMAL, 0.001, 1),
    /**
     * Fast outage recovery: the first open period, growing per failed trial up to {@code recovery_timeout}; 0 (JSON)
     * or {@code null} (Java): off, every open period is {@code recovery_timeout} (the seed). Not in the seed.
     */
    RECOVERY_INITIAL_SECONDS("recoveryInitialInterval", Type.SECONDS, 0, 3600),
    /** Fast outage recovery: how much each failed trial lengthens the next open period. */
    RECOVERY_MULTIPLIER("recoveryMultiplier", Type.DECIMAL, 1, 10),
    /** How often a registered health probe runs while the circuit is open. Not in the seed. */
    HEALTH_PROBE_INTERVAL_SECONDS("healthProbeInterval", Type.SECONDS, 0.001, 3600),
    /** Whether the operation's requests may be sent twice (hedging requires it). Not in the seed. */
    IDEMPOTENT("idempotent", Type.BOOLEAN, 0, 0),
    /** Hedged requests, off by default; only for idempotent operations. Not in the seed. */
    HEDGE_ENABLED("HedgeConfig.enabled", Type.BOOLEAN, 0, 0),
    /** The hedge delay when fixed; the least delay when a percentile sets it. */
    HEDGE_DELAY_SECONDS("HedgeConfig.delay", Type.SECONDS, 0.001, 3600),
    /**
     * The percentile of recent successful request latencies after which a hedge goes; 0: the fixed delay. At most
     * 99, because the operation keeps its last 128 latencies.
     */
    HEDGE_PERCENTILE("HedgeConfig.percentile", Type.DECIMAL, 0, 99),
    /** Hedges per attempt; gRPC allows five requests in all. */
    HEDGE_MAX_HEDGES("HedgeConfig.maxHedges", Type.INT, 1, 4),
    /** Hedges allowed per request (the hedge budget's refill per attempt). */
    HEDGE_BUDGET_RATIO("HedgeConfig.budgetRatio", Type.DECIMAL, 0.001, 1),
    /**
     * The route of each routed operation, by operation name ({@link RoutingConfig}): its targets with their weights
     * and quotas, the selection and the error-specific targets. The records' own checks are the ranges. Not in the
     * seed.
     */
    ROUTES("routes", Type.ROUTES, 0, 0);

    /**
     * JSON types of the keys. {@code SECONDS} is a duration, given in JSON as a number of seconds; {@code CHOICE} is
     * one of a fixed set of names ({@link #choices()}); {@code DECIMAL} a plain number; {@code ROUTES} an object
     * mapping operation names to routes ({@link RoutingConfig}).
     */
    public enum Type { INT, SECONDS, BOOLEAN, STRATEGY, OVERRIDES, CHOICE, DECIMAL, ROUTES }

    private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();

    static {
        for (ConfigKey key : values()) {
            BY_NAME.put(key.jsonName, key);
        }
    }

    private final String jsonName;
    private final String javaName;
    private final Type type;
    private final double min;
    private final double max;
    /** Durations in whole seconds only. */
    private final boolean wholeSeconds;
    /** The names a {@code CHOICE} key accepts, in JSON spelling; empty for the other types. */
    private final List<String> choices;

    ConfigKey(String javaName, Type type, double min, double max) {
        this(javaName, type, min, max, false);
    }

    ConfigKey(String javaName, Type type, double min, double max, boolean wholeSeconds) {
        this.jsonName = name().toLowerCase(Locale.ROOT);
        this.javaName = javaName;
        this.type = type;
        this.min = min;
        this.max = max;
        this.wholeSeconds = wholeSeconds;
        this.choices = List.of();
    }

    /** A {@code CHOICE} key: one of {@code choices}' constants, by their lower-case names. */
    ConfigKey(String javaName, Class<? extends Enum<?>> choices) {
        this.jsonName = name().toLowerCase(Locale.ROOT);
        this.javaName = javaName;
        this.type = Type.CHOICE;
        this.min = 0;
        this.max = 0;
        this.wholeSeconds = false;
        this.choices = Arrays.stream(choices.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
    }

    public String jsonName() {
        return jsonName;
    }

    /** The name of the setting in the Java API (record component and builder method). */
    public String javaName() {
        return javaName;
    }

    public Type type() {
        return type;
    }

    /** The names a {@link Type#CHOICE} key accepts ({@code consecutive}, {@code failure_rate}); empty otherwise. */
    public List<String> choices() {
        return choices;
    }

    /**
     * The JSON name of the choice {@code value} spells, or {@code null}: case and dashes are forgiven
     * ({@code FAILURE_RATE}, {@code failure-rate}), since Spring properties and Java enum names write them so.
     */
    public String choice(Object value) {
        if (!(value instanceof String)) {
            return null;
        }
        String name = ((String) value).trim().toLowerCase(Locale.ROOT).replace('-', '_');
        return choices.contains(name) ? name : null;
    }

    /** Lower bound, inclusive; seconds for {@link Type#SECONDS}. */
    public double min() {
        return min;
    }

    /** Upper bound, inclusive; seconds for {@link Type#SECONDS}. */
    public double max() {
        return max;
    }

    /** What the key accepts, in words: {@code "an integer between 1 and 10 (inclusive)"}. */
    public String allowed() {
        switch (type) {
            case INT:
                return "an integer between " + (int) min + " and " + (int) max + " (inclusive)";
            case SECONDS:
                return (wholeSeconds ? "a whole number of seconds" : "a number of seconds") + " between " + plain(min)
                        + " and " + plain(max) + " (inclusive)";
            case DECIMAL:
                return "a number between " + plain(min) + " and " + plain(max) + " (inclusive)";
            case BOOLEAN:
                return "true or false";
            case STRATEGY:
                return "one of aggressive, balanced, conservative, critical";
            case CHOICE:
                return "one of " + String.join(", ", choices);
            case ROUTES:
                return "an object mapping operation names to routes (targets, selection, context_length_target,"
                        + " content_policy_target)";
            default:
                return "an object mapping operation names to strategies";
        }
    }

    /**
     * A number of seconds as this key's JSON value: the seed's integer keys ({@code recovery_timeout},
     * {@code max_delay_seconds}) stay integers when whole, so documents and reports read as before; the rest are
     * decimals.
     */
    public Number jsonValue(double seconds) {
        boolean integer = this == RECOVERY_TIMEOUT || this == MAX_DELAY_SECONDS || wholeSeconds;
        if (integer && seconds == Math.rint(seconds) && Math.abs(seconds) < Integer.MAX_VALUE) {
            return (int) seconds;
        }
        return seconds;
    }

    /** Whether a JSON number of seconds is in range (NaN and infinities are not). */
    public boolean accepts(double value) {
        return value >= min && value <= max && (!wholeSeconds || value == Math.rint(value));
    }

    /**
     * Checks a Java count against this key's range.
     *
     * @throws IllegalArgumentException naming the Java field, the range and the value
     */
    public int check(int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(javaName + " must be between " + (int) min + " and " + (int) max
                    + " (inclusive), but was " + value);
        }
        return value;
    }

    /**
     * Checks a Java decimal against this key's range.
     *
     * @throws IllegalArgumentException naming the Java field, the range and the value (NaN is out of range)
     */
    public double check(double value) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(javaName + " must be between " + plain(min) + " and " + plain(max)
                    + " (inclusive), but was " + value);
        }
        return value;
    }

    /**
     * Checks a Java duration against this key's range.
     *
     * @throws NullPointerException naming the Java field, if {@code value} is {@code null}
     * @throws IllegalArgumentException naming the Java field, the range and the value
     */
    public Duration check(Duration value) {
        if (value == null) {
            throw new NullPointerException(javaName + " must not be null");
        }
        if (value.compareTo(minDuration()) < 0 || value.compareTo(maxDuration()) > 0
                || (wholeSeconds && value.getNano() != 0)) {
            throw new IllegalArgumentException(javaName + " must be " + (wholeSeconds ? "a whole number of seconds " : "")
                    + "between " + readable(minDuration()) + " and " + readable(maxDuration()) + " (inclusive), but was "
                    + readable(value));
        }
        return value;
    }

    public Duration minDuration() {
        return seconds(min);
    }

    public Duration maxDuration() {
        return seconds(max);
    }

    /** A JSON number of seconds as a duration, rounded to the nanosecond. */
    public static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** A duration as the JSON number of seconds: an integer when it is whole seconds, else a decimal. */
    public static Number jsonSeconds(Duration duration) {
        if (duration.getNano() == 0 && duration.getSeconds() <= Integer.MAX_VALUE) {
            return (int) duration.getSeconds();
        }
        return duration.toNanos() / 1e9;
    }

    /** A duration as people write it: {@code 300ms}, {@code 2s}, {@code 1.5s}. */
    public static String readable(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0 && nanos < 1_000_000_000L) {
            return nanos / 1_000_000L + "ms";
        }
        return plain(nanos / 1e9) + "s";
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** The key with this JSON name, or {@code null}. */
    public static ConfigKey byName(String jsonName) {
        return BY_NAME.get(jsonName);
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
