package dev.airesilience.settings;

import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.ValidationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The five configuration templates of the seed (§3.5): ready-made custom JSON documents. */
public final class ConfigTemplates {

    /** A named configuration document. */
    public record Template(String key, String name, String description, Map<String, Object> config) {
        public Template {
            config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
        }
    }

    private static final Map<String, Template> TEMPLATES = new LinkedHashMap<>();

    static {
        add("fast_development", "Fast Development", "Fail fast while developing: one attempt, quick recovery",
                "retry_attempts", 1, "circuit_breaker_threshold", 2, "recovery_timeout", 15, "default_strategy", "aggressive",
                "operation_overrides", Map.of("sentiment", "aggressive"));
        add("robust_production", "Robust Production", "Patient retries and a tolerant breaker for production traffic",
                "retry_attempts", 6, "circuit_breaker_threshold", 12, "recovery_timeout", 180, "default_strategy", "conservative",
                "operation_overrides", ordered("qa", "critical", "summarize", "conservative"));
        add("low_latency", "Low Latency", "Minimal waiting: one attempt and short delays",
                "retry_attempts", 1, "circuit_breaker_threshold", 2, "recovery_timeout", 10, "default_strategy", "aggressive",
                "max_delay_seconds", 5, "exponential_multiplier", 0.5, "exponential_min", 0.5, "exponential_max", 5.0);
        add("high_throughput", "High Throughput", "Balanced retries that keep throughput up under load",
                "retry_attempts", 3, "circuit_breaker_threshold", 8, "recovery_timeout", 45, "default_strategy", "balanced",
                "operation_overrides", ordered("sentiment", "aggressive", "key_points", "balanced"));
        add("maximum_reliability", "Maximum Reliability", "Every call tries hard to succeed, latency comes second",
                "retry_attempts", 8, "circuit_breaker_threshold", 15, "recovery_timeout", 300, "default_strategy", "critical",
                "operation_overrides", ordered("qa", "critical", "summarize", "critical", "sentiment", "conservative",
                        "key_points", "conservative", "questions", "conservative"),
                "exponential_multiplier", 2.0, "exponential_min", 3.0, "exponential_max", 60.0, "jitter_enabled", true, "jitter_max", 5.0);
    }

    private ConfigTemplates() {}

    public static List<String> listTemplates() {
        return List.copyOf(TEMPLATES.keySet());
    }

    public static Optional<Template> getTemplate(String key) {
        return Optional.ofNullable(key == null ? null : TEMPLATES.get(key));
    }

    /**
     * The template with {@code overrides} shallow-merged over it, checked by the full validator (the seed ran
     * only its security checks here). Unknown template: invalid, {@code Unknown template: <name>}.
     */
    public static ValidationResult validateTemplateBasedConfig(String key, Map<String, ?> overrides) {
        Template template = key == null ? null : TEMPLATES.get(key);
        if (template == null) {
            String message = "Unknown template: " + key;
            return new ValidationResult(List.of(message), List.of(), List.of("Available templates: " + listTemplates()),
                    List.of(new ConfigProblem("$.template", "one of " + listTemplates(), String.valueOf(key), message)));
        }
        Map<String, Object> merged = new LinkedHashMap<>(template.config());
        if (overrides != null) {
            merged.putAll(overrides);
        }
        return ConfigSchema.check(merged).toResult();
    }

    /**
     * The template closest to {@code config} by the seed's scoring, if any scores at least 4: |Δretry| ≤ 1 → 3,
     * ≤ 2 → 1; |Δthreshold| ≤ 2 → 2, ≤ 5 → 1; same default strategy → 3. Ties go to the earlier template; absent
     * keys count as retry 3, threshold 5, balanced.
     */
    public static Optional<String> suggestTemplateForConfig(Map<String, ?> config) {
        int retry = intOr(config.get("retry_attempts"), 3);
        int threshold = intOr(config.get("circuit_breaker_threshold"), 5);
        Object strategy = config.get("default_strategy");
        String wanted = strategy == null ? "balanced" : strategy.toString();
        String best = null;
        int bestScore = 0;
        for (Template template : TEMPLATES.values()) {
            int dRetry = Math.abs(retry - (Integer) template.config().get("retry_attempts"));
            int dThreshold = Math.abs(threshold - (Integer) template.config().get("circuit_breaker_threshold"));
            int score = (dRetry <= 1 ? 3 : dRetry <= 2 ? 1 : 0) + (dThreshold <= 2 ? 2 : dThreshold <= 5 ? 1 : 0)
                    + (wanted.equals(template.config().get("default_strategy")) ? 3 : 0);
            if (score > bestScore) {
                bestScore = score;
                best = template.key();
            }
        }
        return bestScore >= 4 ? Optional.of(best) : Optional.empty();
    }

    private static int intOr(Object value, int fallback) {
        return value instanceof Number ? ((Number) value).intValue() : fallback;
    }

    private static void add(String key, String name, String description, Object... pairs) {
        TEMPLATES.put(key, new Template(key, name, description, ordered(pairs)));
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
