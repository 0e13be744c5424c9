package dev.airesilience.spring.boot.internal;

import dev.airesilience.config.ConfigKey;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceSettings;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.spring.boot.AIResilienceProperties;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps {@code ai.resilience.*} onto the core configuration: preset and custom JSON become
 * {@link ResilienceSettings}, operation strategies join the custom document's {@code operation_overrides}, and
 * per-operation keys are checked by the core validator before they are pinned. Errors name the property.
 */
public final class PropertiesMapping {

    private static final String PREFIX = "ai.resilience.";
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PropertiesMapping() {}

    /** The settings the properties describe, or null when they set none (the plain strategy table applies). */
    public static ResilienceSettings settings(AIResilienceProperties properties, Environment environment) {
        Map<String, String> strategies = new LinkedHashMap<>();
        properties.getOperations().forEach((name, operation) -> {
            if (operation.getStrategy() != null) {
                strategies.put(name, operation.getStrategy().wireName());
            }
        });
        String customJson = customConfig(properties, environment, strategies);
        if (properties.getPreset() == null && customJson == null) {
            return null;
        }
        ResilienceSettings.Builder settings = ResilienceSettings.builder().customConfig(customJson);
        if (properties.getPreset() != null) {
            settings.preset(properties.getPreset().trim().toLowerCase(Locale.ROOT));
        }
        try {
            return settings.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "preset: " + e.getMessage(), e);
        }
    }

    /** Builds the orchestrator; a rejected custom configuration names the property and lists every problem. */
    public static AIServiceResilience build(AIServiceResilience.Builder builder) {
        try {
            return builder.build();
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException(PREFIX + "custom-config is invalid: " + describe(e), e);
        }
    }

    /** Pins each operation's own configuration keys on top of the configuration it resolves to. */
    public static void applyOperationKeys(AIServiceResilience resilience, Map<String, AIResilienceProperties.Operation> operations) {
        operations.forEach((name, operation) -> {
            Map<String, Object> keys = operation.configKeys();
            if (keys.isEmpty()) {
                return;
            }
            ValidationResult result = resilience.validateConfiguration(JSON.writeValueAsString(keys));
            if (!result.isValid()) {
                throw new IllegalArgumentException(PREFIX + "operations." + name + " is invalid: "
                        + result.problems().stream().map(ConfigProblem::message).collect(Collectors.joining("; ")));
            }
            resilience.registerOperationConfig(name, overlay(resilience.getOperationConfig(name), keys));
        });
    }

    static String describe(InvalidConfigurationException e) {
        return e.problems().stream().map(ConfigProblem::message).collect(Collectors.joining("; "));
    }

    private static String customConfig(AIResilienceProperties properties, Environment environment, Map<String, String> strategies) {
        String json = properties.getCustomConfig();
        if (json != null && json.isBlank()) {
            json = null; // an empty placeholder such as ${RESILIENCE_CUSTOM_CONFIG:} means "no custom config"
        }
        Map<String, Object> document = null;
        if (json == null) {
            // The nested form: custom-config.retry-attempts=4, custom-config.operation_overrides.[qa]=critical
            document = Binder.get(environment).bind(PREFIX + "custom-config", Bindable.mapOf(String.class, Object.class))
                    .map(PropertiesMapping::fromProperties).orElse(null);
            if (document != null && document.isEmpty()) {
                document = null; // nothing was set: no custom config, rather than an (invalid) empty document
            }
        }
        if (strategies.isEmpty()) {
            return document == null ? json : JSON.writeValueAsString(document);
        }
        if (document == null) {
            document = json == null ? new LinkedHashMap<>() : parse(json);
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        if (document.get("operation_overrides") instanceof Map<?, ?> declared) {
            declared.forEach((name, strategy) -> overrides.put(String.valueOf(name), strategy));
        }
        overrides.putAll(strategies); // operations.<name>.strategy wins over the same name in custom-config
        document.put("operation_overrides", overrides);
        return JSON.writeValueAsString(document);
    }

    private static Map<String, Object> parse(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = JSON.readValue(json, LinkedHashMap.class);
            return document;
        } catch (JacksonException | ClassCastException e) {
            throw new IllegalArgumentException(PREFIX + "custom-config must be a JSON object of configuration keys, but was '"
                    + json + "': " + e.getMessage(), e);
        }
    }

    /** Property names use kebab case and text values; the JSON keys use snake case and typed values. */
    private static Map<String, Object> fromProperties(Map<String, Object> bound) {
        Map<String, Object> document = new LinkedHashMap<>();
        bound.forEach((key, value) -> {
            String jsonKey = key.replace('-', '_');
            document.put(jsonKey, jsonKey.equals("operation_overrides") ? value : typed(value));
        });
        return document;
    }

    private static Object typed(Object value) {
        if (!(value instanceof String text)) {
            return value;
        }
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
            return Boolean.valueOf(trimmed);
        }
        if (trimmed.matches("[+-]?\\d{1,9}")) {
            return Integer.valueOf(trimmed);
        }
        if (trimmed.matches("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?")) {
            return Double.valueOf(trimmed);
        }
        return text;
    }

    /** {@code base} with {@code keys} (validated JSON keys and values) laid over it. */
    static ResilienceConfig overlay(ResilienceConfig base, Map<String, Object> keys) {
        RetryConfig.Builder retry = base.retry().toBuilder();
        CircuitBreakerConfig.Builder breaker = base.circuitBreaker().toBuilder();
        boolean enableRetry = base.enableRetry();
        boolean enableBreaker = base.enableCircuitBreaker();
        for (Map.Entry<String, Object> entry : keys.entrySet()) {
            Object value = entry.getValue();
            switch (entry.getKey()) {
                case "retry_attempts" -> retry.maxAttempts(((Number) value).intValue());
                case "max_delay_seconds" -> retry.maxDelay(ConfigKey.seconds(((Number) value).doubleValue()));
                case "exponential_multiplier" -> retry.exponentialMultiplier(ConfigKey.seconds(((Number) value).doubleValue()));
                case "exponential_min" -> retry.exponentialMin(ConfigKey.seconds(((Number) value).doubleValue()));
                case "exponential_max" -> retry.exponentialMax(ConfigKey.seconds(((Number) value).doubleValue()));
                case "jitter_enabled" -> retry.jitter((Boolean) value);
                case "jitter_max" -> retry.jitterMax(ConfigKey.seconds(((Number) value).doubleValue()));
                case "circuit_breaker_threshold" -> breaker.failureThreshold(((Number) value).intValue());
                case "recovery_timeout" -> breaker.recoveryTimeout(ConfigKey.seconds(((Number) value).doubleValue()));
                case "half_open_max_calls" -> breaker.halfOpenMaxCalls(((Number) value).intValue());
                case "enable_retry" -> enableRetry = (Boolean) value;
                case "enable_circuit_breaker" -> enableBreaker = (Boolean) value;
                default -> throw new IllegalArgumentException("Unknown configuration key " + entry.getKey());
            }
        }
        ResilienceStrategy strategy = base.strategy();
        return new ResilienceConfig(strategy, retry.build(), breaker.build(), enableBreaker, enableRetry);
    }
}
