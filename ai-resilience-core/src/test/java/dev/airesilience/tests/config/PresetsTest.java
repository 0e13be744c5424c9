package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.config.*;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.PresetRecommendation;
import dev.airesilience.settings.ResilienceSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PresetsTest {

    @Test
    void the_three_presets_are_listed_in_the_seed_order() {
        assertThat(PresetManager.listPresets()).containsExactly("simple", "development", "production");
    }

    @Test
    void every_preset_carries_the_exact_seed_values() {
        ResiliencePreset simple = PresetManager.getPreset("simple");
        assertThat(simple.name()).isEqualTo("Simple");
        assertThat(simple.description()).isEqualTo("Balanced configuration suitable for most use cases");
        assertThat(List.of(simple.retryAttempts(), simple.circuitBreakerThreshold(), simple.recoveryTimeout())).containsExactly(3, 5, Duration.ofSeconds(60));
        assertThat(simple.defaultStrategy()).isEqualTo(ResilienceStrategy.BALANCED);
        assertThat(simple.operationOverrides()).isEmpty();
        assertThat(simple.environmentContexts()).containsExactly("development", "testing", "staging", "production");

        ResiliencePreset dev = PresetManager.getPreset("development");
        assertThat(dev.name()).isEqualTo("Development");
        assertThat(dev.description()).isEqualTo("Fast-fail configuration optimized for development speed");
        assertThat(List.of(dev.retryAttempts(), dev.circuitBreakerThreshold(), dev.recoveryTimeout())).containsExactly(2, 3, Duration.ofSeconds(30));
        assertThat(dev.defaultStrategy()).isEqualTo(ResilienceStrategy.AGGRESSIVE);
        assertThat(dev.operationOverrides()).containsExactly(Map.entry("sentiment", ResilienceStrategy.AGGRESSIVE),
                Map.entry("qa", ResilienceStrategy.BALANCED));
        assertThat(dev.environmentContexts()).containsExactly("development", "testing");

        ResiliencePreset prod = PresetManager.getPreset("production");
        assertThat(prod.name()).isEqualTo("Production");
        assertThat(prod.description()).isEqualTo("High-reliability configuration for production workloads");
        assertThat(List.of(prod.retryAttempts(), prod.circuitBreakerThreshold(), prod.recoveryTimeout())).containsExactly(5, 10, Duration.ofSeconds(120));
        assertThat(prod.defaultStrategy()).isEqualTo(ResilienceStrategy.CONSERVATIVE);
        assertThat(prod.operationOverrides()).containsExactly(Map.entry("qa", ResilienceStrategy.CRITICAL),
                Map.entry("sentiment", ResilienceStrategy.AGGRESSIVE), Map.entry("summarize", ResilienceStrategy.CONSERVATIVE),
                Map.entry("key_points", ResilienceStrategy.BALANCED), Map.entry("questions", ResilienceStrategy.BALANCED));
        assertThat(prod.environmentContexts()).containsExactly("production", "staging");
    }

    @ParameterizedTest(name = "{0} converts to {1} attempts, {2}s budget, {3}/{4}/{5} backoff, {6}/{7} breaker")
    @CsvSource({
        "simple,      3, 60,  1.0, 2.0, 10.0, 5,  60",
        "development, 2, 40,  0.5, 1.0, 5.0,  3,  30",
        "production,  5, 100, 1.5, 2.0, 30.0, 10, 120"})
    void each_preset_converts_to_a_config_as_in_the_seed(String preset, int attempts, int budget, double mult,
            double min, double max, int threshold, int recovery) {
        ResilienceConfig config = PresetManager.getPreset(preset).toResilienceConfig();
        assertThat(config.strategy()).isEqualTo(PresetManager.getPreset(preset).defaultStrategy());
        assertThat(config.retry().maxAttempts()).isEqualTo(attempts);
        assertThat(config.retry().maxDelay()).isEqualTo(Duration.ofSeconds(budget));
        assertThat(config.retry().exponentialMultiplier()).isEqualTo(seconds(mult));
        assertThat(config.retry().exponentialMin()).isEqualTo(seconds(min));
        assertThat(config.retry().exponentialMax()).isEqualTo(seconds(max));
        assertThat(config.retry().jitter()).isTrue();
        assertThat(config.retry().jitterMax()).isEqualTo(seconds(2.0));
        assertThat(config.circuitBreaker()).isEqualTo(new CircuitBreakerConfig(threshold, Duration.ofSeconds(recovery), 1));
        assertThat(config.enableRetry()).isTrue();
        assertThat(config.enableCircuitBreaker()).isTrue();
    }

    @Test
    void an_unknown_preset_is_rejected_with_the_list_of_available_presets() {
        assertThatThrownBy(() -> PresetManager.getPreset("Simple"))
                .hasMessage("Unknown preset 'Simple'. Available presets: [simple, development, production]");
        assertThatThrownBy(() -> ResilienceSettings.builder().preset("turbo").build())
                .hasMessageContaining("Unknown preset 'turbo'").hasMessageContaining("[simple, development, production]");
    }

    @Test
    void preset_details_and_summary_have_the_seed_shape() {
        Map<String, Object> details = PresetManager.getPresetDetails("production");
        assertThat(details).containsOnlyKeys("name", "description", "configuration", "environment_contexts");
        @SuppressWarnings("unchecked")
        Map<String, Object> configuration = (Map<String, Object>) details.get("configuration");
        assertThat(configuration).containsEntry("retry_attempts", 5).containsEntry("default_strategy", "conservative")
                .containsEntry("operation_overrides", Map.of("qa", "critical", "sentiment", "aggressive",
                        "summarize", "conservative", "key_points", "balanced", "questions", "balanced"));
        assertThat(PresetManager.getAllPresetsSummary()).containsOnlyKeys("simple", "development", "production");
    }

    @ParameterizedTest(name = "''{0}'' → {1} at {2}")
    @CsvSource({
        "development, development, 0.95", "dev, development, 0.90", "testing, development, 0.85", "test, development, 0.85",
        "staging, production, 0.90", "stage, production, 0.85", "production, production, 0.95", "prod, production, 0.90",
        "live, production, 0.85", "' Production ', production, 0.95",
        "dev-feature-branch, development, 0.75", "local-development, development, 0.75", "test-environment, development, 0.75",
        "sandbox-testing, development, 0.75", "demo-app, development, 0.75",
        "prod-east-1, production, 0.75", "live-api, production, 0.75", "release-v2, production, 0.75",
        "stable-main, production, 0.75", "master-branch, production, 0.75",
        "staging-env, production, 0.70", "pre-prod, production, 0.70", "preprod-testing, production, 0.70",
        "uat-environment, production, 0.70", "integration-tests, production, 0.70",
        "weird-env-name, simple, 0.40", "custom123, simple, 0.40", "xyz, simple, 0.40",
        "latest, simple, 0.40", "domain-x, simple, 0.40", "devops-prod, production, 0.75"})
    void environments_are_recommended_by_exact_name_then_whole_word_patterns(String env, String preset, double confidence) {
        PresetRecommendation recommendation = PresetManager.recommendPresetWithDetails(env);
        assertThat(recommendation.presetName()).isEqualTo(preset);
        assertThat(recommendation.confidence()).isEqualTo(confidence);
        assertThat(recommendation.environmentDetected()).isEqualTo(env);
        assertThat(PresetManager.recommendPreset(env)).isEqualTo(preset);
    }

    @Test
    void auto_detection_reads_environment_variables_and_defaults_to_simple_without_signals() {
        assertThat(PresetManager.autoDetect(Map.of()).presetName()).isEqualTo("simple");
        assertThat(PresetManager.autoDetect(Map.of()).environmentDetected()).isEqualTo("unknown (auto-detected)");
        PresetRecommendation prod = PresetManager.autoDetect(Map.of("ENVIRONMENT", "production", "NODE_ENV", "prod"));
        assertThat(prod.presetName()).isEqualTo("production");
        assertThat(prod.confidence()).isEqualTo(0.98);
        PresetRecommendation conflict = PresetManager.autoDetect(Map.of("ENVIRONMENT", "staging", "DEBUG", "true", "APP_ENV", "dev"));
        assertThat(conflict.presetName()).isEqualTo("production");
        assertThat(conflict.confidence()).isEqualTo(0.95 * 0.85, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
