package dev.airesilience.config.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The keys a custom or runtime configuration document may hold (§3.3 of the seed plus three switches). */
public enum ConfigKey {
    RETRY_ATTEMPTS(Type.INT, 1, 10),
    CIRCUIT_BREAKER_THRESHOLD(Type.INT, 1, 20),
    RECOVERY_TIMEOUT(Type.INT, 10, 300),
    DEFAULT_STRATEGY(Type.STRATEGY, 0, 0),
    OPERATION_OVERRIDES(Type.OVERRIDES, 0, 0),
    EXPONENTIAL_MULTIPLIER(Type.NUMBER, 0.1, 5.0),
    EXPONENTIAL_MIN(Type.NUMBER, 0.5, 10.0),
    EXPONENTIAL_MAX(Type.NUMBER, 5.0, 120.0),
    JITTER_ENABLED(Type.BOOLEAN, 0, 0),
    JITTER_MAX(Type.NUMBER, 0.1, 10.0),
    MAX_DELAY_SECONDS(Type.INT, 5, 600),
    HALF_OPEN_MAX_CALLS(Type.INT, 1, 10),
    ENABLE_RETRY(Type.BOOLEAN, 0, 0),
    ENABLE_CIRCUIT_BREAKER(Type.BOOLEAN, 0, 0),
    /** Per-attempt timeout in seconds for every operation; 0 means none. Not in the seed's schema. */
    ATTEMPT_TIMEOUT_SECONDS(Type.NUMBER, 0.0, 600.0),
    /** Streamed calls: seconds an attempt may wait for its first element (then retried); 0 means none. */
    FIRST_TOKEN_TIMEOUT_SECONDS(Type.NUMBER, 0.0, 600.0),
    /** Streamed calls: seconds a started stream may go without an element (then it fails); 0 means none. */
    IDLE_TIMEOUT_SECONDS(Type.NUMBER, 0.0, 600.0);

    /** JSON types of the keys. */
    public enum Type { INT, NUMBER, BOOLEAN, STRATEGY, OVERRIDES }

    private static final Map<String, ConfigKey> BY_NAME = new HashMap<>();

    static {
        for (ConfigKey key : values()) {
            BY_NAME.put(key.jsonName, key);
        }
    }

    private final String jsonName;
    private final Type type;
    private final double min;
    private final double max;

    ConfigKey(Type type, double min, double max) {
        this.jsonName = name().toLowerCase(Locale.ROOT);
        this.type = type;
        this.min = min;
        this.max = max;
    }

    public String jsonName() {
        return jsonName;
    }

    public Type type() {
        return type;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    /** What the key accepts, in words: {@code "an integer between 1 and 10 (inclusive)"}. */
    public String allowed() {
        switch (type) {
            case INT:
                return "an integer between " + (int) min + " and " + (int) max + " (inclusive)";
            case NUMBER:
                return "a number between " + min + " and " + max + " (inclusive)";
            case BOOLEAN:
                return "true or false";
            case STRATEGY:
                return "one of aggressive, balanced, conservative, critical";
            default:
                return "an object mapping operation names to strategies";
        }
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
