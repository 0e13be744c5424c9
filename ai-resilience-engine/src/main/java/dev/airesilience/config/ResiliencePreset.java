package dev.airesilience.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named preset of the seed ({@code simple}, {@code development}, {@code production}). Immutable.
 *
 * @param key the lookup name ({@code "simple"})
 * @param name the display name ({@code "Simple"})
 * @param description one sentence
 * @param retryAttempts total attempts (1–20)
 * @param circuitBreakerThreshold failures that open a circuit (1–100)
 * @param recoveryTimeout open period (1 ms – 1 h)
 * @param defaultStrategy the strategy of operations without an override
 * @param operationOverrides per-operation strategies, by short operation name
 * @param environmentContexts environments the preset is meant for
 */
public record ResiliencePreset(
        String key,
        String name,
        String description,
        int retryAttempts,
        int circuitBreakerThreshold,
        Duration recoveryTimeout,
        ResilienceStrategy defaultStrategy,
        Map<String, ResilienceStrategy> operationOverrides,
        List<String> environmentContexts) {

    public ResiliencePreset {
        Objects.requireNonNull(key, "key must not be null");
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(description, "description must not be null");
        ConfigKey.RETRY_ATTEMPTS.check(retryAttempts);
        ConfigKey.CIRCUIT_BREAKER_THRESHOLD.check(circuitBreakerThreshold);
        ConfigKey.RECOVERY_TIMEOUT.check(recoveryTimeout);
        Objects.requireNonNull(defaultStrategy, "defaultStrategy must not be null");
        operationOverrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(operationOverrides));
        environmentContexts = List.copyOf(environmentContexts);
    }

    /**
     * The preset as a configuration (§2.3): attempts, threshold and timeout from the preset; a budget of
     * {@code min(attempts × 20, 120)} s; backoff shape from the default strategy (multiplier 0.5 / 1.0 / 1.5,
     * min 1.0 / 2.0, max 5.0 / 10.0 / 30.0); jitter up to 2 s; one half-open trial call.
     */
    public ResilienceConfig toResilienceConfig() {
        boolean aggressive = defaultStrategy == ResilienceStrategy.AGGRESSIVE;
        boolean balanced = defaultStrategy == ResilienceStrategy.BALANCED;
        RetryConfig retry = RetryConfig.builder()
                .maxAttempts(retryAttempts)
                .maxDelay(Duration.ofSeconds(Math.min(retryAttempts * 20, 120)))
                .exponentialBackoff(Duration.ofMillis(balanced ? 1000 : aggressive ? 500 : 1500),
                        Duration.ofSeconds(aggressive ? 1 : 2), Duration.ofSeconds(aggressive ? 5 : balanced ? 10 : 30))
                .jitter(true)
                .jitterMax(Duration.ofSeconds(2))
                .build();
        return new ResilienceConfig(defaultStrategy, retry,
                new CircuitBreakerConfig(circuitBreakerThreshold, recoveryTimeout, 1), true, true);
    }

    /** {@code {name, description, configuration:{...}, environment_contexts}} as in the seed's preset details. */
    public Map<String, Object> details() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        operationOverrides.forEach((op, strategy) -> overrides.put(op, strategy.wireName()));
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("retry_attempts", retryAttempts);
        configuration.put("circuit_breaker_threshold", circuitBreakerThreshold);
        configuration.put("recovery_timeout", ConfigKey.jsonSeconds(recoveryTimeout));
        configuration.put("default_strategy", defaultStrategy.wireName());
        configuration.put("operation_overrides", overrides);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name);
        details.put("description", description);
        details.put("configuration", configuration);
        details.put("environment_contexts", environmentContexts);
        return details;
    }
}
