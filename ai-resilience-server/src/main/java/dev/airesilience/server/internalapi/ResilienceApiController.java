package dev.airesilience.server.internalapi;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ConfigTemplates;
import dev.airesilience.config.PresetManager;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.ResolvedConfiguration;
import dev.airesilience.config.monitoring.ConfigAlert;
import dev.airesilience.config.monitoring.ConfigEvent;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.server.text.TextOperation;
import dev.airesilience.server.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
 * The internal resilience API (the seed's §7 names and shapes, its ⚠ bugs fixed): health, configuration,
 * metrics, circuit breakers, presets, templates, validation, monitoring and benchmarks.
 */
@RestController
@RequestMapping("/internal/resilience")
public class ResilienceApiController {

    static final String NOT_PERSISTED = "Runtime updates last until the service restarts; for lasting changes set "
            + "RESILIENCE_PRESET, RESILIENCE_CUSTOM_CONFIG or ai.resilience.* properties";

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
     * memory only, and the answer says so: a restart goes back to the preset, custom JSON and properties.
     */
    @PutMapping(value = "/config", consumes = "application/json")
    public Map<String, Object> updateConfiguration(@RequestBody String body) {
        ResolvedConfiguration updated = resilience.updateConfiguration(body);
        return ordered("message", "Configuration updated", "persisted", false, "note", NOT_PERSISTED,
                "configuration", configurationView(updated));
    }

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
        return ordered("preset_name", resolved.presetName(), "is_legacy_config", resolved.usesLegacy(),
                "resolved", resolved, "operation_strategies", operationStrategies,
                "operation_configs", operationConfigs, "strategies", strategies);
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

    @PostMapping("/metrics/reset")
    public Map<String, Object> resetMetrics(@RequestParam(name = "operation_name", required = false) String operation) {
        if (operation == null || operation.isBlank()) {
            resilience.resetMetrics();
            return Map.of("message", "Reset all resilience metrics");
        }
        requireKnownOperation(operation);
        resilience.resetMetrics(operation);
        return Map.of("message", "Reset metrics for operation: " + operation);
    }

    private void requireKnownOperation(String operation) {
        if (!resilience.operations().contains(operation)) {
            throw ApiException.notFound("Unknown operation '" + abbreviate(operation) + "'. Known operations: "
                    + new TreeSet<>(resilience.operations()));
        }
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
        return ApiException.notFound("Circuit breaker '" + abbreviate(name) + "' not found");
    }

    // ------------------------------------------------------------------ presets and templates

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
            throw ApiException.notFound(e.getMessage());
        }
    }

    @GetMapping("/config/recommend-preset/{environment}")
    public Map<String, Object> recommendPreset(@PathVariable String environment) {
        var recommendation = PresetManager.recommendPresetWithDetails(environment);
        return ordered("environment_detected", recommendation.environmentDetected(),
                "recommended_preset", recommendation.presetName(), "confidence", recommendation.confidence(),
                "reasoning", recommendation.reasoning(), "available_presets", PresetManager.listPresets(),
                "auto_detected", false);
    }

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
                .orElseThrow(() -> ApiException.notFound("Template '" + abbreviate(name) + "' not found. Available: "
                        + ConfigTemplates.listTemplates()));
    }

    private static Map<String, Object> templateView(ConfigTemplates.Template template) {
        return ordered("name", template.name(), "description", template.description(), "config", template.config());
    }

    // ------------------------------------------------------------------ validation

    /** Validates {@code {configuration: {...}}}: an invalid configuration is 200 with is_valid false. */
    @PostMapping("/config/validate")
    public ValidationResult validate(@RequestBody Map<String, Object> body) {
        Object configuration = body.get("configuration");
        if (!(configuration instanceof Map<?, ?>)) {
            throw ApiException.badRequest("configuration must be a JSON object, got "
                    + (configuration == null ? "nothing" : json.writeValueAsString(configuration)));
        }
        return resilience.validateConfiguration(json.writeValueAsString(configuration));
    }

    // ------------------------------------------------------------------ monitoring

    @GetMapping("/monitoring/usage-statistics")
    public Map<String, Object> usage(@RequestParam(name = "time_window_hours", defaultValue = "24") int hours) {
        requireRange("time_window_hours", hours, 1, 720);
        var statistics = resilience.configEvents().usageStatistics(Duration.ofHours(hours));
        return ordered("time_window_hours", hours, "statistics", statistics,
                "summary", ordered("healthy", statistics.errorRate() < 0.05,
                        "performance_good", statistics.avgLoadTimeMs() < 100,
                        "preset_adoption", 1 - statistics.legacyConfigUsageRate()));
    }

    @GetMapping("/monitoring/alerts")
    public Map<String, Object> alerts(@RequestParam(name = "max_alerts", defaultValue = "50") int max,
            @RequestParam(required = false) String level) {
        requireRange("max_alerts", max, 1, 1_000);
        List<ConfigAlert> alerts = resilience.configEvents().activeAlerts(max).stream()
                .filter(alert -> level == null || alert.level().wireName().equalsIgnoreCase(level))
                .toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ConfigAlert.Level each : ConfigAlert.Level.values()) {
            counts.put(each.wireName(), alerts.stream().filter(alert -> alert.level() == each).count());
        }
        return ordered("alerts", alerts, "summary", ordered("total_alerts", alerts.size(), "alert_counts", counts,
                "has_critical", counts.getOrDefault("critical", 0L) > 0, "has_errors", counts.getOrDefault("error", 0L) > 0));
    }

    @GetMapping("/monitoring/export")
    public Map<String, Object> export(@RequestParam(defaultValue = "json") String format,
            @RequestParam(name = "time_window_hours", defaultValue = "24") int hours) {
        requireRange("time_window_hours", hours, 1, 720);
        String wanted = format.toLowerCase(Locale.ROOT);
        if (!wanted.equals("json") && !wanted.equals("csv")) {
            throw ApiException.badRequest("format must be 'json' or 'csv', got '" + abbreviate(format) + "'");
        }
        ConfigEventLog log = resilience.configEvents();
        List<ConfigEvent> events = log.events(Duration.ofHours(hours));
        String data = wanted.equals("json") ? json.writeValueAsString(events) : csv(events);
        return ordered("format", wanted, "time_window_hours", hours, "data", data,
                "export_timestamp", Instant.now().toString());
    }

    private static String csv(List<ConfigEvent> events) {
        StringBuilder out = new StringBuilder("timestamp,metric_type,preset_name,operation,value\n");
        for (ConfigEvent event : events) {
            out.append(event.timestamp()).append(',')
                    .append(cell(String.valueOf(event.type()))).append(',')
                    .append(cell(event.presetName())).append(',')
                    .append(cell(event.operation())).append(',')
                    .append(event.value()).append('\n');
        }
        return out.toString();
    }

    private static String cell(String value) {
        if (value == null) {
            return "";
        }
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n");
        return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    // ------------------------------------------------------------------ performance

    @GetMapping("/performance/thresholds")
    public Map<String, Object> thresholds() {
        return ordered("thresholds_ms", Benchmarks.THRESHOLDS_MS, "benchmarks", Benchmarks.names());
    }

    @GetMapping("/performance/benchmark")
    public Map<String, Object> benchmark(@RequestParam(defaultValue = "50") int iterations) {
        requireRange("iterations", iterations, 1, 1_000);
        return Benchmarks.suite(Benchmarks.names(), iterations);
    }

    /** Runs {@code {iterations?, operations?: [names]}}; all benchmarks when none are named. */
    @PostMapping("/performance/benchmark")
    public Map<String, Object> benchmark(@RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> request = body == null ? Map.of() : body;
        Object iterationsValue = request.getOrDefault("iterations", 50);
        if (!(iterationsValue instanceof Integer iterations)) {
            throw ApiException.badRequest("iterations must be a whole number between 1 and 1000, got " + iterationsValue);
        }
        requireRange("iterations", iterations, 1, 1_000);
        List<String> names = Benchmarks.names();
        Object operations = request.get("operations");
        if (operations instanceof List<?> list && !list.isEmpty()) {
            names = list.stream().map(String::valueOf).toList();
            List<String> unknown = names.stream().filter(name -> !Benchmarks.names().contains(name)).toList();
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest("Unknown benchmark operation: " + unknown.stream()
                        .map(ResilienceApiController::abbreviate).collect(Collectors.joining(", "))
                        + "; available: " + Benchmarks.names());
            }
        }
        return Benchmarks.suite(names, iterations);
    }

    // ------------------------------------------------------------------ helpers

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw ApiException.badRequest(field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

}
