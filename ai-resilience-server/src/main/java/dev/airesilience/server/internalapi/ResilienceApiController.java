package dev.airesilience.server.internalapi;

import static dev.airesilience.server.internalapi.Params.ordered;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.server.text.TextOperation;
import dev.airesilience.server.web.ApiException;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ConfigTemplates;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.PresetRecommendation;
import dev.airesilience.settings.ResolvedConfiguration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * The internal resilience API (the seed's §7 names and shapes, its ⚠ bugs fixed): health, configuration, metrics,
 * the operator dashboard, circuit breakers, presets, templates and validation. Monitoring and benchmarks live in
 * {@link MonitoringController} and {@link PerformanceController}.
 */
@RestController
@RequestMapping("/internal/resilience")
public class ResilienceApiController {

    private static final List<String> STRATEGIES =
            Arrays.stream(ResilienceStrategy.values()).map(ResilienceStrategy::wireName).toList();

    static final String NOT_PERSISTED = "Runtime updates last until the service restarts; for lasting changes set "
            + "RESILIENCE_PRESET, RESILIENCE_CUSTOM_CONFIG or ai.resilience.* properties";
    private static final String SHARED = "Shared through Redis (REDIS_URL): every instance applies it, and instances "
            + "that start later replay it, as long as Redis keeps its data";

    private final AIServiceResilience resilience;
    private final ObjectMapper json;

    public ResilienceApiController(AIServiceResilience resilience, ObjectMapper json) {
        this.resilience = resilience;
        this.json = json;
    }

    // ------------------------------------------------------------------ health, configuration, metrics

    @GetMapping("/health")
    public Map<String, Object> health() {
        HealthStatus status = resilience.getHealthStatus();
        return ordered("healthy", status.healthy(), "status", status.healthy() ? "healthy" : "degraded",
                "details", status);
    }

    @GetMapping("/config")
    public Map<String, Object> configuration() {
        return configurationView(resilience.getConfiguration());
    }

    /**
     * A runtime update: applies completely, or answers 400 with every problem and changes nothing. It lives in
     * memory only, and the answer says so: a restart goes back to the preset, custom JSON and properties. With
     * {@code ?session_id=} its events are grouped under that session ({@code /monitoring/session/{id}}).
     */
    @PutMapping(value = "/config", consumes = "application/json")
    public Map<String, Object> updateConfiguration(@RequestBody String body,
            @RequestParam(name = "session_id", required = false) String sessionId) {
        ResolvedConfiguration updated;
        if (sessionId == null) {
            updated = resilience.updateConfiguration(body);
        } else {
            ConfigEventLog.Session session = resilience.configEvents().openSession(Params.name("session_id", sessionId));
            try {
                updated = resilience.updateConfiguration(body);
            } finally {
                session.close();
            }
        }
        // With shared state (REDIS_URL) the update reaches every instance and outlives restarts (while Redis keeps it).
        boolean shared = resilience.getHealthStatus().sharedState() != null;
        Map<String, Object> answer = ordered("message", "Configuration updated", "persisted", shared,
                "note", shared ? SHARED : NOT_PERSISTED, "configuration", configurationView(updated));
        if (sessionId != null) {
            answer.put("session_id", sessionId);
        }
        return answer;
    }

    /**
     * The seed's {@code GET /config} keys ({@code preset_name, is_legacy_config, configuration, operation_strategies,
     * custom_overrides, strategies}) plus {@code resolved} (every value with its source) and {@code operation_configs}.
     */
    private Map<String, Object> configurationView(ResolvedConfiguration resolved) {
        TreeSet<String> operations = new TreeSet<>(resilience.operations());
        Arrays.stream(TextOperation.values()).map(TextOperation::resilienceOperation).forEach(operations::add);
        Map<String, Object> operationStrategies = new LinkedHashMap<>();
        Map<String, Object> operationConfigs = new LinkedHashMap<>();
        for (String operation : operations) {
            operationStrategies.put(operation, resolved.strategyFor(operation).wireName());
            operationConfigs.put(operation, ConfigViews.of(resilience.getOperationConfig(operation)));
        }
        Map<String, Object> strategies = new LinkedHashMap<>();
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            strategies.put(strategy.wireName(), ConfigViews.of(resolved.configForStrategy(strategy)));
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("preset_name", resolved.presetName());
        view.put("is_legacy_config", resolved.usesLegacy());
        view.put("configuration", ConfigViews.of(resolved.configForStrategy(resolved.defaultStrategy())));
        view.put("operation_strategies", operationStrategies);
        view.put("custom_overrides", customOverrides(resolved));
        view.put("strategies", strategies);
        view.put("resolved", resolved);
        view.put("operation_configs", operationConfigs);
        return view;
    }

    /**
     * The keys in force that came from the custom JSON ({@code RESILIENCE_CUSTOM_CONFIG}) or a runtime update, in
     * the custom JSON's shape; {@code null} when there are none (the seed's parsed custom document or null — here the
     * part of it that is actually applied, so a rejected key is not reported as if it were).
     */
    static Map<String, Object> customOverrides(ResolvedConfiguration resolved) {
        Set<ConfigSource> custom = Set.of(ConfigSource.CUSTOM, ConfigSource.RUNTIME);
        Map<String, Object> overrides = new LinkedHashMap<>();
        resolved.values().forEach((key, value) -> {
            if (custom.contains(resolved.sourceOf(key))) {
                overrides.put(key, value instanceof ResilienceStrategy strategy ? strategy.wireName() : value);
            }
        });
        Map<String, Object> operations = new LinkedHashMap<>();
        resolved.operationOverrides().forEach((operation, strategy) -> {
            if (custom.contains(resolved.operationOverrideSources().get(operation))) {
                operations.put(operation, strategy.wireName());
            }
        });
        if (!operations.isEmpty()) {
            overrides.put("operation_overrides", operations);
        }
        return overrides.isEmpty() ? null : overrides;
    }

    @GetMapping("/metrics")
    public AllMetrics metrics() {
        return resilience.getAllMetrics();
    }

    /** One operation's metrics; 404 for an operation that was never seen (and it is not created). */
    @GetMapping("/metrics/{operation}")
    public Map<String, Object> metrics(@PathVariable String operation) {
        requireKnownOperation(operation);
        return ordered("operation", operation, "metrics", resilience.getMetrics(operation));
    }

    /**
     * Resets all metrics, or one operation's. An unknown operation is a 200 that says nothing was reset (as in
     * the seed, no entry is created); {@code found} tells the two apart.
     */
    @PostMapping("/metrics/reset")
    public Map<String, Object> resetMetrics(@RequestParam(name = "operation_name", required = false) String operation) {
        if (operation == null || operation.isEmpty()) {
            resilience.resetMetrics();
            return ordered("message", "Reset all resilience metrics");
        }
        String name = Params.name("operation_name", operation);
        if (!resilience.operations().contains(name)) {
            return ordered("message", "No metrics for operation: " + name + "; nothing was reset", "operation", name,
                    "found", false);
        }
        resilience.resetMetrics(name);
        return ordered("message", "Reset metrics for operation: " + name, "operation", name, "found", true);
    }

    private void requireKnownOperation(String operation) {
        if (!resilience.operations().contains(operation)) {
            throw ApiException.notFound("Unknown operation '" + ApiException.abbreviate(operation)
                    + "'. Known operations: " + new TreeSet<>(resilience.operations()));
        }
    }

    /**
     * The seed's dashboard data: health counts, call totals with the success rate in percent (2 decimals; 0 without
     * calls), the operations with metrics, alerts (never {@code null}: an empty list when all is well) and the
     * metrics summary.
     */
    @GetMapping("/dashboard")
    public Map<String, Object> dashboard() {
        AllMetrics all = resilience.getAllMetrics();
        HealthStatus health = resilience.getHealthStatus();
        long total = 0;
        long successful = 0;
        long failed = 0;
        long retries = 0;
        long rejected = 0;
        long fallbacks = 0;
        for (ResilienceMetrics metrics : all.operations().values()) {
            total += metrics.totalCalls();
            successful += metrics.successfulCalls();
            failed += metrics.failedCalls();
            retries += metrics.retryAttempts();
            rejected += metrics.rejectedCalls();
            fallbacks += metrics.fallbackCalls();
        }
        double successRate = total == 0 ? 0.0 : Math.round(successful * 10_000.0 / total) / 100.0;
        List<String> alerts = new ArrayList<>();
        health.openCircuitBreakers().forEach(name -> alerts.add("Circuit breaker open: " + name));
        if (successRate < 80 && total > 10) {
            alerts.add("High failure rate detected");
        }
        health.configurationProblems().forEach(problem -> alerts.add("Configuration problem at startup: " + problem));
        return ordered("timestamp", Instant.now().toString(),
                "health", ordered("overall_healthy", health.healthy(),
                        "open_circuit_breakers", health.openCircuitBreakers().size(),
                        "half_open_circuit_breakers", health.halfOpenCircuitBreakers().size(),
                        "total_circuit_breakers", health.totalCircuitBreakers()),
                "performance", ordered("total_calls", total, "successful_calls", successful, "failed_calls", failed,
                        "retry_attempts", retries, "success_rate", successRate, "rejected_calls", rejected,
                        "fallback_calls", fallbacks),
                "operations", new ArrayList<>(new TreeSet<>(all.operations().keySet())),
                "alerts", alerts,
                "summary", all.summary());
    }

    // ------------------------------------------------------------------ circuit breakers

    @GetMapping("/circuit-breakers")
    public Map<String, CircuitBreakerSnapshot> circuitBreakers() {
        return resilience.getAllMetrics().circuitBreakers();
    }

    @GetMapping("/circuit-breakers/{name}")
    public CircuitBreakerSnapshot circuitBreaker(@PathVariable String name) {
        return resilience.getCircuitBreaker(name).orElseThrow(() -> breakerNotFound(name));
    }

    @PostMapping("/circuit-breakers/{name}/reset")
    public Map<String, Object> resetCircuitBreaker(@PathVariable String name) {
        if (!resilience.resetCircuitBreaker(name)) {
            throw breakerNotFound(name);
        }
        return ordered("message", "Circuit breaker '" + name + "' has been reset", "name", name,
                "new_state", "closed");
    }

    private static ApiException breakerNotFound(String name) {
        return ApiException.notFound("Circuit breaker '" + ApiException.abbreviate(name) + "' not found");
    }

    // ------------------------------------------------------------------ presets

    /** Every preset with {@code key}: the name {@code /config/presets/{key}} accepts (the seed listed display names). */
    @GetMapping("/config/presets")
    public List<Map<String, Object>> presets() {
        return PresetManager.listPresets().stream().map(key -> {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("key", key);
            view.putAll(PresetManager.getPresetDetails(key));
            return view;
        }).toList();
    }

    @GetMapping("/config/presets/{name}")
    public Map<String, Object> preset(@PathVariable String name) {
        try {
            return PresetManager.getPresetDetails(name);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Unknown preset '" + ApiException.abbreviate(name) + "'. Available presets: "
                    + PresetManager.listPresets());
        }
    }

    /** {@code {key: details}} of every preset (the seed's {@code get_all_presets_summary}). */
    @GetMapping("/config/presets-summary")
    public Map<String, Map<String, Object>> presetsSummary() {
        return PresetManager.getAllPresetsSummary();
    }

    @GetMapping("/config/recommend-preset/{environment}")
    public Map<String, Object> recommendPreset(@PathVariable String environment) {
        PresetRecommendation recommendation = PresetManager.recommendPresetWithDetails(Params.name("environment", environment));
        return ordered("environment_detected", recommendation.environmentDetected(),
                "recommended_preset", recommendation.presetName(), "confidence", recommendation.confidence(),
                "reasoning", recommendation.reasoning(), "available_presets", PresetManager.listPresets(),
                "auto_detected", false);
    }

    /** The recommendation for the environment this service runs in, detected from its environment variables. */
    @GetMapping("/config/recommend-preset-auto")
    public Map<String, Object> recommendPresetAuto() {
        PresetRecommendation recommendation = PresetManager.recommendPresetWithDetails(null);
        String detected = recommendation.environmentDetected();
        return ordered("environment_detected", detected, "recommended_preset", recommendation.presetName(),
                "confidence", recommendation.confidence(), "reasoning", recommendation.reasoning(),
                "detection_method", detected.contains("(auto-detected)") ? "environment_variables_and_context"
                        : "environment_variable",
                "available_presets", PresetManager.listPresets(), "auto_detected", true);
    }

    // ------------------------------------------------------------------ templates

    @GetMapping("/config/templates")
    public Map<String, Object> templates() {
        Map<String, Object> templates = new LinkedHashMap<>();
        for (String key : ConfigTemplates.listTemplates()) {
            ConfigTemplates.getTemplate(key).ifPresent(t -> templates.put(key, templateView(t)));
        }
        return Map.of("templates", templates);
    }

    @GetMapping("/config/templates/{name}")
    public Map<String, Object> template(@PathVariable String name) {
        return ConfigTemplates.getTemplate(name).map(ResilienceApiController::templateView)
                .orElseThrow(() -> ApiException.notFound("Template '" + ApiException.abbreviate(name)
                        + "' not found. Available: " + ConfigTemplates.listTemplates()));
    }

    private static Map<String, Object> templateView(ConfigTemplates.Template template) {
        return ordered("name", template.name(), "description", template.description(), "config", template.config());
    }

    /**
     * {@code {template_name, overrides?}}: the template with the overrides merged over it, checked by the full
     * validator. An unknown template is 200 with {@code is_valid: false} and {@code Unknown template: <name>}, as in
     * the seed; a malformed request is a 400.
     */
    @PostMapping("/config/validate-template")
    public Map<String, Object> validateTemplate(@RequestBody Map<String, Object> body) {
        Params.onlyKeys(body, List.of("template_name", "overrides"));
        Object name = body.get("template_name");
        if (!(name instanceof String text)) {
            throw ApiException.invalidField("template_name", "one of " + ConfigTemplates.listTemplates(),
                    name == null ? null : Params.json(name));
        }
        Params.name("template_name", text);
        Object overrides = body.get("overrides");
        if (overrides != null && !(overrides instanceof Map<?, ?>)) {
            throw ApiException.invalidField("overrides", "a JSON object of configuration keys", Params.json(overrides));
        }
        @SuppressWarnings("unchecked")
        Map<String, ?> overrideMap = (Map<String, ?>) overrides;
        ValidationResult result = ConfigTemplates.validateTemplateBasedConfig(text, overrideMap);
        Map<String, Object> answer = validationResponse(result);
        answer.put("template_name", text);
        return answer;
    }

    /**
     * {@code {configuration: {...}}}: the template closest to it (the seed's scoring) with a confidence: matching
     * values over compared ones among retry_attempts, circuit_breaker_threshold and default_strategy (0.5 if none
     * could be compared), 0.0 without a suggestion.
     */
    @PostMapping("/config/recommend-template")
    public Map<String, Object> recommendTemplate(@RequestBody Map<String, Object> body) {
        Params.onlyKeys(body, List.of("configuration"));
        Map<String, Object> configuration = configurationField(body);
        for (String field : List.of("retry_attempts", "circuit_breaker_threshold")) {
            Object value = configuration.get(field);
            if (value != null && !(value instanceof Integer)) {
                throw ApiException.invalidField("configuration." + field, "a whole number", Params.json(value));
            }
        }
        Object strategy = configuration.get("default_strategy");
        if (strategy != null && !(strategy instanceof String s && STRATEGIES.contains(s))) {
            throw ApiException.invalidField("configuration.default_strategy", "one of " + STRATEGIES, Params.json(strategy));
        }
        String suggested = ConfigTemplates.suggestTemplateForConfig(configuration).orElse(null);
        if (suggested == null) {
            return ordered("suggested_template", null, "confidence", 0.0,
                    "reasoning", "No template closely matches this configuration (compared retry_attempts, "
                            + "circuit_breaker_threshold and default_strategy)",
                    "available_templates", ConfigTemplates.listTemplates());
        }
        ConfigTemplates.Template template = ConfigTemplates.getTemplate(suggested).orElseThrow();
        int compared = 0;
        int matches = 0;
        List<String> matching = new ArrayList<>();
        for (String key : List.of("retry_attempts", "circuit_breaker_threshold", "default_strategy")) {
            if (configuration.containsKey(key) && template.config().containsKey(key)) {
                compared++;
                if (String.valueOf(configuration.get(key)).equals(String.valueOf(template.config().get(key)))) {
                    matches++;
                    matching.add(key);
                }
            }
        }
        double confidence = compared == 0 ? 0.5 : Math.round(100.0 * matches / compared) / 100.0;
        return ordered("suggested_template", suggested, "confidence", confidence,
                "reasoning", "Closest template: " + template.name() + " (" + matches + " of " + compared
                        + " compared values equal" + (matching.isEmpty() ? "" : ": " + String.join(", ", matching)) + ")",
                "available_templates", ConfigTemplates.listTemplates());
    }

    // ------------------------------------------------------------------ validation

    /**
     * Validates a configuration document: the seed's {@code {configuration: {...}}} or the bare document, as
     * {@code PUT /config} takes it (a body whose only key is {@code configuration} is the wrapper; no document has
     * such a key). An invalid configuration is 200 with is_valid false.
     */
    @PostMapping("/config/validate")
    public Map<String, Object> validate(@RequestBody Map<String, Object> body) {
        Map<String, Object> configuration = body.size() == 1 && body.containsKey("configuration")
                ? configurationField(body) : body;
        return validationResponse(resilience.validateConfiguration(json.writeValueAsString(configuration)));
    }

    /**
     * The seed's {@code validate_json_string}: {@code ?json_config=<JSON text>} (or the same as a form field).
     * Text that is not JSON is 200 with {@code is_valid: false} and an {@code Invalid JSON...} error.
     */
    @PostMapping("/config/validate-json")
    public Map<String, Object> validateJson(@RequestParam(name = "json_config") String jsonConfig) {
        return validationResponse(resilience.validateConfiguration(jsonConfig));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> configurationField(Map<String, Object> body) {
        Object configuration = body.get("configuration");
        if (!(configuration instanceof Map<?, ?>)) {
            throw ApiException.invalidField("configuration", "a JSON object of configuration keys",
                    configuration == null ? null : json.writeValueAsString(configuration));
        }
        return (Map<String, Object>) configuration;
    }

    /**
     * The seed's ValidationResponse {@code {is_valid, errors, warnings, suggestions, security_info}} ({@code
     * security_info} is always null: the security validator stays out), plus {@code problems}: each error with the
     * JSON path, what is allowed and what was received.
     */
    static Map<String, Object> validationResponse(ValidationResult result) {
        return ordered("is_valid", result.isValid(), "errors", result.errors(), "warnings", result.warnings(),
                "suggestions", result.suggestions(), "security_info", null, "problems", result.problems());
    }
}
