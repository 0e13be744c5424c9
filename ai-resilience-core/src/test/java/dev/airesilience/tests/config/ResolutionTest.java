package dev.airesilience.tests.config;

import static dev.airesilience.config.ResilienceStrategy.AGGRESSIVE;
import static dev.airesilience.config.ResilienceStrategy.BALANCED;
import static dev.airesilience.config.ResilienceStrategy.CONSERVATIVE;
import static dev.airesilience.config.ResilienceStrategy.CRITICAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolutionTest {

    private static AIServiceResilience orchestrator(ResilienceSettings settings) {
        return AIServiceResilience.builder().clock(new ManualClock()).settings(settings).build();
    }

    private static ResilienceSettings preset(String preset) {
        return ResilienceSettings.builder().preset(preset).build();
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource({
        "simple, summarize, balanced", "simple, summarize_text, balanced",
        "development, sentiment, aggressive", "development, analyze_sentiment, aggressive",
        "development, qa, balanced", "development, answer_question, balanced",
        "development, anything_else, aggressive",
        "production, qa, critical", "production, answer_question, critical",
        "production, sentiment, aggressive", "production, analyze_sentiment, aggressive",
        "production, summarize, conservative", "production, summarize_text, conservative",
        "production, key_points, balanced", "production, extract_key_points, balanced",
        "production, questions, balanced", "production, generate_questions, balanced",
        "production, translate, conservative"})
    void preset_overrides_apply_by_short_and_long_name_and_the_rest_get_the_preset_default(String preset, String op, String strategy) {
        try (AIServiceResilience resilience = orchestrator(preset(preset))) {
            assertThat(resilience.getOperationConfig(op).strategy()).isEqualTo(ResilienceStrategy.fromString(strategy));
        }
    }

    @Test
    void the_resolution_order_is_registered_then_custom_overrides_then_preset_overrides_then_defaults() {
        ResilienceSettings settings = ResilienceSettings.builder().preset("production")
                .customConfig("{\"operation_overrides\": {\"summarize_text\": \"aggressive\", \"translate\": \"critical\"},"
                        + " \"default_strategy\": \"balanced\"}")
                .build();
        try (AIServiceResilience resilience = orchestrator(settings)) {
            // 1. registered strategy wins over everything
            resilience.registerOperation("answer_question", AGGRESSIVE);
            assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(AGGRESSIVE);
            // 2. custom overrides (long name) beat the preset's override (short name summarize → conservative)
            assertThat(resilience.getOperationConfig("summarize_text").strategy()).isEqualTo(AGGRESSIVE);
            assertThat(resilience.getOperationConfig("summarize").strategy()).isEqualTo(AGGRESSIVE);
            // any operation name may be overridden
            assertThat(resilience.getOperationConfig("translate").strategy()).isEqualTo(CRITICAL);
            // 3. preset overrides, by alias, beat the custom default strategy
            assertThat(resilience.getOperationConfig("qa").strategy()).isEqualTo(CRITICAL);
            assertThat(resilience.getOperationConfig("analyze_sentiment").strategy()).isEqualTo(AGGRESSIVE);
            // 4. custom default strategy beats the preset default strategy
            assertThat(resilience.getOperationConfig("unknown_op").strategy()).isEqualTo(BALANCED);
        }
        // 5. the preset default strategy; 6. BALANCED without settings
        try (AIServiceResilience resilience = orchestrator(preset("production"))) {
            assertThat(resilience.getOperationConfig("unknown_op").strategy()).isEqualTo(CONSERVATIVE);
        }
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build()) {
            assertThat(resilience.getOperationConfig("unknown_op")).isEqualTo(BALANCED.config());
            assertThat(resilience.getConfiguration().sourceOf("retry_attempts")).isEqualTo(ConfigSource.DEFAULT);
        }
    }

    @Test
    void without_settings_a_customised_strategy_table_entry_is_used_unchanged() {
        ResilienceConfig fixed = BALANCED.config().toBuilder()
                .retry(RetryConfig.builder().fixedDelay(Duration.ofMillis(1500)).backoffMode(BackoffMode.FIXED).build()).build();
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
                .strategyConfig(BALANCED, fixed).build()) {
            assertThat(resilience.getOperationConfig("x")).isEqualTo(fixed);
            resilience.registerOperation("y", BALANCED);
            assertThat(resilience.getOperationConfig("y")).isEqualTo(fixed);
            resilience.updateConfiguration("{\"retry_attempts\": 5}");
            assertThat(resilience.getOperationConfig("x").retry().backoffMode()).isEqualTo(BackoffMode.FIXED);
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(5);
        }
    }

    @Test
    void the_worked_example_of_the_configuration_docs_holds() {
        ResilienceSettings settings = ResilienceSettings.builder().preset("production")
                .customConfig("{\"operation_overrides\": {\"summarize_text\": \"aggressive\"}, \"default_strategy\": \"balanced\", \"retry_attempts\": 4}")
                .build();
        try (AIServiceResilience resilience = orchestrator(settings)) {
            assertThat(resilience.getOperationConfig("summarize_text")).isEqualTo(AGGRESSIVE.config());
            assertThat(resilience.getOperationConfig("answer_question")).isEqualTo(CRITICAL.config());
            ResilienceConfig translate = resilience.getOperationConfig("translate");
            assertThat(translate.strategy()).isEqualTo(BALANCED);
            assertThat(translate.retry().maxAttempts()).isEqualTo(4);
            assertThat(translate.retry().maxDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(translate.circuitBreaker().failureThreshold()).isEqualTo(5);
            resilience.registerOperation("chat", CONSERVATIVE);
            assertThat(resilience.getOperationConfig("chat")).isEqualTo(CONSERVATIVE.config());
        }
    }

    @Test
    void within_one_layer_an_exact_name_beats_its_alias() {
        ResilienceSettings settings = ResilienceSettings.builder()
                .customConfig("{\"operation_overrides\": {\"qa\": \"critical\", \"answer_question\": \"aggressive\"}}").build();
        try (AIServiceResilience resilience = orchestrator(settings)) {
            assertThat(resilience.getOperationConfig("qa").strategy()).isEqualTo(CRITICAL);
            assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(AGGRESSIVE);
        }
    }

    @Test
    void operations_on_the_default_strategy_get_preset_numbers_and_others_get_the_strategy_table() {
        try (AIServiceResilience resilience = orchestrator(preset("production"))) {
            ResilienceConfig byDefault = resilience.getOperationConfig("translate");
            assertThat(byDefault).isEqualTo(PresetManager.PRODUCTION.toResilienceConfig());
            assertThat(resilience.getOperationConfig("qa")).isEqualTo(CRITICAL.config());
            assertThat(resilience.getOperationConfig("sentiment")).isEqualTo(AGGRESSIVE.config());
            // a registration that lands on the default strategy gets the preset numbers too
            resilience.registerOperation("x", CONSERVATIVE);
            assertThat(resilience.getOperationConfig("x")).isEqualTo(byDefault);
        }
    }

    @Test
    void custom_numbers_overlay_the_preset_with_sources_reported() {
        ResilienceSettings settings = ResilienceSettings.builder().preset("production")
                .customConfig("{\"retry_attempts\": 7, \"recovery_timeout\": 150}").build();
        try (AIServiceResilience resilience = orchestrator(settings)) {
            ResilienceConfig config = resilience.getOperationConfig("translate");
            assertThat(config.retry().maxAttempts()).isEqualTo(7);
            assertThat(config.circuitBreaker().failureThreshold()).isEqualTo(10);
            assertThat(config.circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofSeconds(150));
            assertThat(config.strategy()).isEqualTo(CONSERVATIVE);
            ResolvedConfiguration resolved = resilience.getConfiguration();
            assertThat(resolved.sourceOf("retry_attempts")).isEqualTo(ConfigSource.CUSTOM);
            assertThat(resolved.sourceOf("recovery_timeout")).isEqualTo(ConfigSource.CUSTOM);
            assertThat(resolved.sourceOf("circuit_breaker_threshold")).isEqualTo(ConfigSource.PRESET);
            assertThat(resolved.usesLegacy()).isFalse();
            assertThat(resolved.presetName()).isEqualTo("production");
        }
    }

    @Test
    void a_custom_default_strategy_rederives_the_numbers_instead_of_only_relabelling() {
        ResilienceSettings settings = ResilienceSettings.builder().customConfig("{\"default_strategy\": \"critical\"}").build();
        try (AIServiceResilience resilience = orchestrator(settings)) {
            assertThat(resilience.getOperationConfig("translate")).isEqualTo(CRITICAL.config());
            assertThat(resilience.getConfiguration().sourceOf("retry_attempts")).isEqualTo(ConfigSource.CUSTOM);
        }
    }

    @Test
    void invalid_custom_json_in_settings_is_reported_with_every_problem() {
        ResilienceSettings settings = ResilienceSettings.builder()
                .customConfig("{\"retry_attempts\": 21, \"recovery_timeout\": 0, \"colour\": \"red\"}").build();
        assertThatThrownBy(() -> AIServiceResilience.builder().settings(settings).strictConfiguration(true).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path()).containsExactly("$.retry_attempts", "$.recovery_timeout", "$.colour"));
    }

    // ---------------------------------------------------------------- legacy

    @Test
    void legacy_variables_map_to_custom_keys_and_are_reported_as_legacy() {
        Map<String, String> env = Map.ofEntries(Map.entry("RESILIENCE_PRESET", "simple"),
                Map.entry("RETRY_MAX_ATTEMPTS", "4"), Map.entry("RETRY_MAX_DELAY", "90"),
                Map.entry("RETRY_EXPONENTIAL_MULTIPLIER", "1.5"), Map.entry("RETRY_EXPONENTIAL_MIN", "1.0"),
                Map.entry("RETRY_EXPONENTIAL_MAX", "20"), Map.entry("RETRY_JITTER_ENABLED", "no"),
                Map.entry("RETRY_JITTER_MAX", "3.0"), Map.entry("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "7"),
                Map.entry("CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "45"), Map.entry("DEFAULT_RESILIENCE_STRATEGY", "Balanced"),
                Map.entry("QA_RESILIENCE_STRATEGY", "critical"), Map.entry("CIRCUIT_BREAKER_ENABLED", "1"),
                Map.entry("RETRY_ENABLED", "TRUE"), Map.entry("UNRELATED", "x"));
        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.fromEnvironment(env))) {
            ResilienceConfig config = resilience.getOperationConfig("translate");
            assertThat(config.retry()).isEqualTo(RetryConfig.builder().maxAttempts(4).maxDelay(Duration.ofSeconds(90))
                    .exponentialMultiplier(Duration.ofMillis(1500)).exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(20)).jitter(false).jitterMax(Duration.ofSeconds(3)).build());
            assertThat(config.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(7, Duration.ofSeconds(45), 1));
            assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(CRITICAL);
            ResolvedConfiguration resolved = resilience.getConfiguration();
            assertThat(resolved.sourceOf("retry_attempts")).isEqualTo(ConfigSource.LEGACY);
            assertThat(resolved.operationOverrideSources()).containsEntry("qa", ConfigSource.LEGACY);
            assertThat(resolved.usesLegacy()).isTrue();
        }
    }

    @Test
    void custom_json_beats_legacy_which_beats_the_preset_and_legacy_is_reported_only_when_applied() {
        Map<String, String> env = Map.of("RESILIENCE_PRESET", "production", "RETRY_MAX_ATTEMPTS", "4",
                "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "7", "RESILIENCE_CUSTOM_CONFIG", "{\"retry_attempts\": 6}");
        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.fromEnvironment(env))) {
            ResolvedConfiguration resolved = resilience.getConfiguration();
            assertThat(resolved.values()).containsEntry("retry_attempts", 6).containsEntry("circuit_breaker_threshold", 7)
                    .containsEntry("recovery_timeout", 120);
            assertThat(resolved.sources()).containsEntry("retry_attempts", ConfigSource.CUSTOM)
                    .containsEntry("circuit_breaker_threshold", ConfigSource.LEGACY)
                    .containsEntry("recovery_timeout", ConfigSource.PRESET);
        }
        Map<String, String> shadowed = Map.of("RETRY_MAX_ATTEMPTS", "4", "RESILIENCE_CUSTOM_CONFIG", "{\"retry_attempts\": 6}");
        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.fromEnvironment(shadowed))) {
            assertThat(resilience.getConfiguration().usesLegacy()).isFalse();
        }
    }

    @Test
    void bad_legacy_values_go_through_the_same_validator_and_name_the_variable() {
        Map<String, String> env = Map.of("RETRY_MAX_ATTEMPTS", "many", "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "0",
                "RETRY_ENABLED", "maybe", "SENTIMENT_RESILIENCE_STRATEGY", "yolo");
        assertThatThrownBy(() -> AIServiceResilience.builder().settings(ResilienceSettings.fromEnvironment(env))
                        .strictConfiguration(true).build())
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                    assertThat(e.problems()).hasSize(4);
                    assertThat(e.getMessage()).contains("RETRY_MAX_ATTEMPTS").contains("CIRCUIT_BREAKER_FAILURE_THRESHOLD")
                            .contains("RETRY_ENABLED").contains("between 1 and 10");
                });
    }

    @Test
    void settings_load_from_properties_and_json_files(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path props = dir.resolve("resilience.properties");
        java.nio.file.Files.writeString(props, "RESILIENCE_PRESET=development\nRESILIENCE_CUSTOM_CONFIG={\"retry_attempts\": 4}\n");
        ResilienceSettings fromProps = ResilienceSettings.fromFile(props);
        assertThat(fromProps.preset()).isEqualTo("development");
        assertThat(fromProps.customConfig()).isEqualTo("{\"retry_attempts\": 4}");

        java.nio.file.Path json = dir.resolve("resilience.json");
        java.nio.file.Files.writeString(json, "{\"preset\": \"production\", \"retry_attempts\": 4}");
        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.fromFile(json))) {
            assertThat(resilience.getConfiguration().presetName()).isEqualTo("production");
            assertThat(resilience.getOperationConfig("translate").retry().maxAttempts()).isEqualTo(4);
        }
    }

    @Test
    void loading_settings_is_recorded_in_the_config_event_log() {
        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.builder().customConfig("{\"retry_attempts\": 4}").build())) {
            assertThat(resilience.configEvents().usageStatistics(null).totalLoads()).isEqualTo(1);
            assertThat(resilience.configEvents().usageStatistics(null).presetUsageCount()).containsEntry("simple", 1L);
            assertThat(resilience.configEvents().usageStatistics(null).customConfigUsageRate()).isEqualTo(1.0);
        }
    }
}
