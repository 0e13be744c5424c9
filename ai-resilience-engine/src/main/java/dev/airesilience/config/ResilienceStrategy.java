package dev.airesilience.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The four named strategies of the seed, with the exact numbers of its strategy table ({@code DEFAULT_PRESETS}).
 *
 * <table>
 *   <caption>Strategy table</caption>
 *   <tr><th>strategy</th><th>attempts</th><th>budget s</th><th>multiplier</th><th>min</th><th>max</th>
 *       <th>jitter max</th><th>threshold</th><th>recovery s</th></tr>
 *   <tr><td>aggressive</td><td>2</td><td>10</td><td>0.5</td><td>1.0</td><td>5.0</td><td>2.0</td><td>3</td><td>30</td></tr>
 *   <tr><td>balanced</td><td>3</td><td>30</td><td>1.0</td><td>2.0</td><td>10.0</td><td>2.0</td><td>5</td><td>60</td></tr>
 *   <tr><td>conservative</td><td>5</td><td>120</td><td>2.0</td><td>4.0</td><td>30.0</td><td>2.0</td><td>8</td><td>120</td></tr>
 *   <tr><td>critical</td><td>7</td><td>300</td><td>1.5</td><td>3.0</td><td>60.0</td><td>5.0</td><td>10</td><td>300</td></tr>
 * </table>
 * All four retry with jitter, enable both retry and the breaker, and admit one half-open trial call.
 */
public enum ResilienceStrategy {
    AGGRESSIVE(2, 10, 0.5, 1.0, 5.0, 2.0, 3, 30),
    BALANCED(3, 30, 1.0, 2.0, 10.0, 2.0, 5, 60),
    CONSERVATIVE(5, 120, 2.0, 4.0, 30.0, 2.0, 8, 120),
    CRITICAL(7, 300, 1.5, 3.0, 60.0, 5.0, 10, 300);

    private final String wireName;
    private final int attempts;
    private final int budgetSeconds;
    private final double multiplier;
    private final double min;
    private final double max;
    private final double jitterMax;
    private final int threshold;
    private final int recoverySeconds;

    ResilienceStrategy(int attempts, int budgetSeconds, double multiplier, double min, double max,
            double jitterMax, int threshold, int recoverySeconds) {
        this.wireName = name().toLowerCase(Locale.ROOT);
        this.attempts = attempts;
        this.budgetSeconds = budgetSeconds;
        this.multiplier = multiplier;
        this.min = min;
        this.max = max;
        this.jitterMax = jitterMax;
        this.threshold = threshold;
        this.recoverySeconds = recoverySeconds;
    }

    /** This strategy's configuration from the strategy table. */
    public ResilienceConfig config() {
        return Table.CONFIGS.get(this);
    }

    private ResilienceConfig build() {
        return new ResilienceConfig(this,
                RetryConfig.builder()
                        .maxAttempts(attempts)
                        .maxDelay(Duration.ofSeconds(budgetSeconds))
                        .exponentialBackoff(ConfigKey.seconds(multiplier), ConfigKey.seconds(min), ConfigKey.seconds(max))
                        .jitter(true)
                        .jitterMax(ConfigKey.seconds(jitterMax))
                        .build(),
                new CircuitBreakerConfig(threshold, Duration.ofSeconds(recoverySeconds), 1),
                true,
                true);
    }

    /**
     * Built on first use, after the enum is initialised: building configs inside the enum constructor would
     * start ResilienceConfig's initialisation, whose DEFAULT refers back to BALANCED while it is still null.
     */
    private static final class Table {
        static final Map<ResilienceStrategy, ResilienceConfig> CONFIGS;

        static {
            EnumMap<ResilienceStrategy, ResilienceConfig> configs = new EnumMap<>(ResilienceStrategy.class);
            for (ResilienceStrategy strategy : values()) {
                configs.put(strategy, strategy.build());
            }
            CONFIGS = configs;
        }
    }

    /** The lower-case name used in JSON and HTTP ({@code "balanced"}). */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name: exactly one of {@code aggressive}, {@code balanced}, {@code conservative}, {@code critical}.
     * The one parser for the Java API, JSON documents and the service.
     *
     * @throws IllegalArgumentException listing the valid names, for anything else
     */
    @JsonCreator
    public static ResilienceStrategy fromString(String value) {
        if (value != null) {
            for (ResilienceStrategy strategy : values()) {
                if (strategy.wireName.equals(value)) {
                    return strategy;
                }
            }
        }
        throw new IllegalArgumentException("Unknown resilience strategy '" + value + "'; valid strategies are "
                + Arrays.stream(values()).map(ResilienceStrategy::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
