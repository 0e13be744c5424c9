package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.ResilienceSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's configuration benchmarks (§8 of seed-behaviour.md) over the configuration API: presets, settings,
 * the JSON validator and runtime updates.
 */
final class SeedConfigWorkload implements ConfigWorkload {

    static final String[] PRESETS = {"simple", "development", "production"};
    static final String[] OPERATIONS = {"summarize_text", "analyze_sentiment", "extract_key_points",
        "generate_questions", "answer_question"};

    /** Two valid documents and one with three problems, as the seed's validation benchmark mixes them. */
    static final String[] JSON_CONFIGS = {
        "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 6, \"recovery_timeout\": 90,"
                + " \"operation_overrides\": {\"qa\": \"critical\"}}",
        "{\"default_strategy\": \"aggressive\", \"exponential_multiplier\": 0.5, \"exponential_min\": 0.5,"
                + " \"exponential_max\": 5.0, \"jitter_enabled\": false}",
        "{\"retry_attempts\": 0, \"recovery_timeout\": 0, \"colour\": \"red\"}"
    };

    private final AIServiceResilience resilience;
    private int updates;

    SeedConfigWorkload(AIServiceResilience resilience) {
        this.resilience = resilience;
    }

    /** Seed {@code preset_loading}: fetch the three presets and convert them (threshold 10 ms). */
    @Override
    public Object loadPresets() {
        List<ResilienceConfig> configs = new ArrayList<>(PRESETS.length);
        for (String preset : PRESETS) {
            configs.add(PresetManager.getPreset(preset).toResilienceConfig());
        }
        return configs;
    }

    /**
     * Seed {@code service_initialization}: for each preset, settings with a custom JSON document, an
     * orchestrator, and the configuration of the five operations (threshold 200 ms).
     */
    @Override
    public Object buildConfigs() {
        List<ResilienceConfig> configs = new ArrayList<>(PRESETS.length * OPERATIONS.length);
        for (String preset : PRESETS) {
            ResilienceSettings settings = ResilienceSettings.builder().preset(preset)
                    .customConfig("{\"retry_attempts\": 4, \"operation_overrides\": {\"summarize\": \"critical\"}}")
                    .build();
            try (AIServiceResilience orchestrator = new AIServiceResilience(settings)) {
                for (String operation : OPERATIONS) {
                    configs.add(orchestrator.getOperationConfig(operation));
                }
            }
        }
        return configs;
    }

    /** Seed {@code validation_performance}: validate three JSON documents, one invalid (threshold 50 ms). */
    @Override
    public Object validateJson() {
        List<ValidationResult> results = new ArrayList<>(JSON_CONFIGS.length);
        for (String json : JSON_CONFIGS) {
            results.add(resilience.validateConfiguration(json));
        }
        return results;
    }

    /** A runtime update through the validator, swapped in atomically (seed CONFIG_LOADING, 100 ms). */
    @Override
    public Object updateAtRuntime() {
        // Alternate between two values, so that every update really changes the configuration in force.
        int attempts = (updates++ & 1) == 0 ? 4 : 3;
        return resilience.updateConfiguration("{\"retry_attempts\": " + attempts + "}");
    }
}
