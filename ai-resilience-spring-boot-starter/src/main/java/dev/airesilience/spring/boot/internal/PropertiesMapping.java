package dev.airesilience.spring.boot.internal;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.internal.ConfigResolver;
import dev.airesilience.config.schema.ConfigLayer;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.spring.boot.AIResilienceProperties;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps {@code ai.resilience.*} onto the core configuration: preset and custom JSON become
 * {@link ResilienceSettings}, operation strategies join the custom document's {@code operation_overrides}, operation
 * routes ({@code operations.<name>.targets}, {@code selection}, ...) join its {@code routes}, and
 * per-operation keys are checked by the core schema and laid over the operation's configuration by the core resolver.
 * Errors are {@link InvalidResiliencePropertiesException}s naming the property.
 */
public final class PropertiesMapping {

    private static final String PREFIX = "ai.resilience.";
    private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private PropertiesMapping() {}

    /** The settings the properties describe, or null when they set none (the plain strategy table applies). */
    public static ResilienceSettings settings(AIResilienceProperties properties, Environment environment) {
        Map<String, String> strategies = new LinkedHashMap<>();
        Map<String, Object> routes = new LinkedHashMap<>();
        properties.getOperations().forEach((name, operation) -> {
            if (operation.getStrategy() != null) {
                strategies.put(name, operation.getStrategy().wireName());
            }
            Map<String, Object> route = operation.route();
            if (route != null) {
                routes.put(name, route);
            }
        });
        String customJson = customConfig(properties, environment, strategies, routes);
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
            throw new InvalidResiliencePropertiesException(List.of(new Problem(PREFIX + "preset", properties.getPreset(),
                    e.getMessage(), "one of " + String.join(", ", PresetManager.listPresets()), null, null)), e);
        }
    }

    /** Builds the orchestrator; a rejected custom configuration names the property and lists every problem. */
    public static AIServiceResilience build(AIServiceResilience.Builder builder) {
        try {
            return builder.build();
        } catch (InvalidConfigurationException e) {
            throw invalid(PREFIX + "custom-config", e);
        }
    }

    /**
     * Pins each operation's own configuration keys on top of the configuration it resolves to, through the core's
     * schema and resolver (the same ranges and mapping as custom-config, so a key set here keeps every other value
     * the operation had, the service-wide attempt timeout included).
     */
    public static void applyOperationKeys(AIServiceResilience resilience, Map<String, AIResilienceProperties.Operation> operations) {
        operations.forEach((name, operation) -> {
            Map<String, Object> keys = operation.configKeys();
            if (keys.isEmpty()) {
                return;
            }
            String property = PropertyCheck.operationProperty(name, "*");
            try {
                ConfigLayer layer = ConfigSchema.check(keys).layerOrThrow();
                resilience.registerOperationConfig(name, ConfigResolver.overlay(resilience.getOperationConfig(name), layer));
            } catch (InvalidConfigurationException e) {
                throw invalid(property, e);
            }
        });
    }

    /** The core's problems, each named by the property it came from. */
    static InvalidResiliencePropertiesException invalid(String property, InvalidConfigurationException e) {
        List<Problem> problems = new ArrayList<>();
        for (ConfigProblem problem : e.problems()) {
            // The core's message already names the field, its range and the value.
            problems.add(new Problem(property, null, problem.message(), null, null, null));
        }
        return new InvalidResiliencePropertiesException(problems, e);
    }

    private static String customConfig(AIResilienceProperties properties, Environment environment,
            Map<String, String> strategies, Map<String, Object> routes) {
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
        if (strategies.isEmpty() && routes.isEmpty()) {
            return document == null ? json : JSON.writeValueAsString(document);
        }
        if (document == null) {
            document = json == null ? new LinkedHashMap<>() : parse(json);
        }
        if (!strategies.isEmpty()) {
            Map<String, Object> overrides = new LinkedHashMap<>();
            if (document.get("operation_overrides") instanceof Map<?, ?> declared) {
                declared.forEach((name, strategy) -> overrides.put(String.valueOf(name), strategy));
            }
            overrides.putAll(strategies); // operations.<name>.strategy wins over the same name in custom-config
            document.put("operation_overrides", overrides);
        }
        if (!routes.isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            if (document.get("routes") instanceof Map<?, ?> declared) {
                declared.forEach((name, route) -> merged.put(String.valueOf(name), route));
            }
            merged.putAll(routes); // operations.<name>'s route wins over the same name's in custom-config
            document.put("routes", merged);
        }
        return JSON.writeValueAsString(document);
    }

    private static Map<String, Object> parse(String json) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> document = JSON.readValue(json, LinkedHashMap.class);
            return document;
        } catch (JacksonException | ClassCastException e) {
            throw new InvalidResiliencePropertiesException(List.of(new Problem(PREFIX + "custom-config", json,
                    "not a JSON object: " + e.getMessage(), "a JSON object of configuration keys", null, null)), e);
        }
    }

    /** Property names use kebab case and text values; the JSON keys use snake case and typed values. */
    private static Map<String, Object> fromProperties(Map<String, Object> bound) {
        Map<String, Object> document = new LinkedHashMap<>();
        bound.forEach((key, value) -> {
            String jsonKey = key.replace('-', '_');
            document.put(jsonKey, jsonKey.equals("operation_overrides") ? value
                    : jsonKey.equals("routes") ? routes(value) : typed(value));
        });
        return document;
    }

    /**
     * {@code custom-config.routes.<name>.targets[0].name=...} as the binder reads it (nested maps, list indices as
     * keys) into the {@code routes} document: operation names as written, route and target keys in snake case,
     * indices into arrays, names as text and numbers typed.
     */
    private static Object routes(Object bound) {
        if (!(bound instanceof Map<?, ?> routes)) {
            return typed(bound);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        routes.forEach((operation, route) -> {
            if (!(route instanceof Map<?, ?> keys)) {
                document.put(String.valueOf(operation), typed(route));
                return;
            }
            Map<String, Object> routeDocument = new LinkedHashMap<>();
            keys.forEach((key, value) -> {
                String jsonKey = String.valueOf(key).replace('-', '_');
                routeDocument.put(jsonKey, jsonKey.equals("targets") ? targets(value) : value);
            });
            document.put(String.valueOf(operation), routeDocument);
        });
        return document;
    }

    private static Object targets(Object bound) {
        if (!(bound instanceof Map<?, ?> byIndex)) {
            return typed(bound);
        }
        Map<Integer, Object> ordered = new java.util.TreeMap<>();
        for (Map.Entry<?, ?> element : byIndex.entrySet()) {
            String index = String.valueOf(element.getKey());
            if (!index.matches("\\d{1,4}")) {
                return byIndex; // not a list: the schema reports it
            }
            Map<String, Object> target = new LinkedHashMap<>();
            if (element.getValue() instanceof Map<?, ?> keys) {
                keys.forEach((key, value) -> {
                    String jsonKey = String.valueOf(key).replace('-', '_');
                    target.put(jsonKey, jsonKey.equals("name") ? value : routeNumber(value));
                });
            }
            ordered.put(Integer.valueOf(index), element.getValue() instanceof Map<?, ?> ? target : element.getValue());
        }
        return new ArrayList<>(ordered.values());
    }

    /** A route's number as text: a whole number as a long (token quotas go beyond an int), else as {@link #typed}. */
    static Object routeNumber(Object value) {
        if (value instanceof String text && text.trim().matches("[+-]?\\d{1,18}")) {
            return Long.valueOf(text.trim());
        }
        return typed(value);
    }

    /** A property value as the JSON type it spells: booleans, whole numbers, numbers, else the text. */
    static Object typed(Object value) {
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
}
