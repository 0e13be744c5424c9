package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.internal.ConfigurationSnapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration work possible with today's core: the strategy table, the validating config records, a
 * Jackson parse mapped onto them, and a snapshot swap. TODO: once this branch has the configuration system
 * (PresetManager, ResilienceSettings, validateConfiguration, updateConfiguration), add a ConfigWorkload over it
 * and point ConfigBenchmark at it (see BENCHMARKS.md).
 */
final class CurrentConfigWorkload implements ConfigWorkload {

    static final String[] PRESETS = {"aggressive", "balanced", "conservative"};

    static final String[] JSON_CONFIGS = {
        """
        {"retry":{"max_attempts":4,"max_delay":45,"exponential_multiplier":1.5,"exponential_min":1.0,
          "exponential_max":20.0,"jitter":true,"jitter_max":1.0},
         "circuit_breaker":{"failure_threshold":6,"recovery_timeout":90,"half_open_max_calls":2}}
        """,
        """
        {"retry":{"max_attempts":2,"max_delay":10,"exponential_multiplier":0.5,"exponential_min":0.5,
          "exponential_max":5.0,"jitter":false,"jitter_max":0.5},
         "circuit_breaker":{"failure_threshold":3,"recovery_timeout":30,"half_open_max_calls":1}}
        """,
        """
        {"retry":{"max_attempts":0,"max_delay":10,"exponential_multiplier":0.5,"exponential_min":0.5,
          "exponential_max":5.0,"jitter":false,"jitter_max":0.5},
         "circuit_breaker":{"failure_threshold":3,"recovery_timeout":30,"half_open_max_calls":1}}
        """
    };

    private final ObjectMapper mapper = JsonMapper.builder().build();
    private final AIServiceResilience resilience;
    private int updates;

    CurrentConfigWorkload(AIServiceResilience resilience) {
        this.resilience = resilience;
    }

    @Override
    public Object loadPresets() {
        List<ResilienceConfig> configs = new ArrayList<>(PRESETS.length);
        for (String preset : PRESETS) {
            configs.add(ResilienceStrategy.fromString(preset).config());
        }
        return configs;
    }

    @Override
    public Object buildConfigs() {
        List<ResilienceConfig> configs = new ArrayList<>(PRESETS.length);
        for (String preset : PRESETS) {
            ResilienceConfig base = ResilienceStrategy.fromString(preset).config();
            configs.add(base.toBuilder()
                    .retry(base.retry().toBuilder().maxAttempts(base.retry().maxAttempts() + 1).build())
                    .circuitBreaker(base.circuitBreaker().toBuilder().halfOpenMaxCalls(2).build())
                    .build());
        }
        return configs;
    }

    @Override
    public Object validateJson() {
        List<String> errors = new ArrayList<>();
        for (String json : JSON_CONFIGS) {
            try {
                parse(json);
            } catch (IllegalArgumentException invalid) {
                errors.add(invalid.getMessage());
            }
        }
        return errors;
    }

    private ResilienceConfig parse(String json) {
        JsonNode root = mapper.readTree(json);
        JsonNode retry = root.get("retry");
        JsonNode breaker = root.get("circuit_breaker");
        return ResilienceConfig.builder()
                .strategy(ResilienceStrategy.BALANCED)
                .retry(RetryConfig.builder()
                        .maxAttempts(retry.get("max_attempts").asInt())
                        .maxDelaySeconds(retry.get("max_delay").asInt())
                        .exponentialMultiplier(retry.get("exponential_multiplier").asDouble())
                        .exponentialMin(retry.get("exponential_min").asDouble())
                        .exponentialMax(retry.get("exponential_max").asDouble())
                        .jitter(retry.get("jitter").asBoolean())
                        .jitterMax(retry.get("jitter_max").asDouble())
                        .build())
                .circuitBreaker(new CircuitBreakerConfig(breaker.get("failure_threshold").asInt(),
                        breaker.get("recovery_timeout").asInt(), breaker.get("half_open_max_calls").asInt()))
                .build();
    }

    @Override
    public Object updateAtRuntime() {
        // Alternate between two tables, so that every update really changes the configuration in force.
        int attempts = (updates++ & 1) == 0 ? 4 : 3;
        Map<ResilienceStrategy, ResilienceConfig> table = new EnumMap<>(ResilienceStrategy.class);
        ResilienceConfig balanced = ResilienceStrategy.BALANCED.config();
        table.put(ResilienceStrategy.BALANCED, balanced.toBuilder()
                .retry(balanced.retry().toBuilder().maxAttempts(attempts).build()).build());
        ConfigurationSnapshot snapshot = new ConfigurationSnapshot(table, ResilienceStrategy.BALANCED);
        resilience.core().swapConfiguration(snapshot);
        return resilience.getOperationConfig("chat");
    }
}
