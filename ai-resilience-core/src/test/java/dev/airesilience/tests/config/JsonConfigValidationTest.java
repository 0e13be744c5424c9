package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ConfigTemplates;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonConfigValidationTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
            .settings(ResilienceSettings.defaults()).build();

    @AfterEach
    void close() {
        resilience.close();
    }

    @ParameterizedTest(name = "{0}: {1} and {2} accepted, {3} and {4} rejected")
    @CsvSource({
        "retry_attempts, 1, 20, 0, 21",
        "circuit_breaker_threshold, 1, 100, 0, 101",
        "recovery_timeout, 0.001, 3600, 0, 3600.001",
        "max_delay_seconds, 0.001, 3600, 0, 3601",
        "half_open_max_calls, 1, 10, 0, 11",
        "exponential_multiplier, 0.001, 10, 0, 10.01",
        "exponential_min, 0, 60, -0.1, 60.1",
        "exponential_max, 0.001, 3600, 0, 3601",
        "jitter_max, 0, 60, -0.1, 60.1",
        "attempt_timeout_seconds, 0, 3600, -1, 3601"})
    void every_numeric_key_accepts_both_bounds_and_rejects_just_outside(String key, String min, String max, String below, String above) {
        // exponential_min/max are applied with a partner so that min < max holds in the combined configuration
        String partner = key.equals("exponential_min") ? ", \"exponential_max\": 120.0"
                : key.equals("exponential_max") ? ", \"exponential_min\": 0" : "";
        for (String ok : new String[] {min, max}) {
            ResolvedConfiguration resolved = resilience.updateConfiguration("{\"" + key + "\": " + ok + partner + "}");
            assertThat(((Number) resolved.values().get(key)).doubleValue()).isEqualTo(Double.parseDouble(ok));
            assertThat(resolved.sourceOf(key)).isEqualTo(ConfigSource.RUNTIME);
        }
        for (String bad : new String[] {below, above}) {
            ResolvedConfiguration before = resilience.getConfiguration();
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"" + key + "\": " + bad + partner + "}"))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                        ConfigProblem problem = e.problems().get(0);
                        assertThat(problem.path()).isEqualTo("$." + key);
                        assertThat(problem.received()).isEqualTo(bad);
                        assertThat(problem.allowed()).contains("between");
                        assertThat(problem.message()).contains(key).contains(bad).contains("between");
                    });
            assertThat(resilience.getConfiguration()).isEqualTo(before);
        }
    }

    @Test
    void strategies_booleans_and_overrides_are_type_checked() {
        resilience.updateConfiguration("{\"default_strategy\": \"critical\", \"jitter_enabled\": false, \"enable_retry\": false,"
                + " \"enable_circuit_breaker\": false, \"operation_overrides\": {\"要約\": \"aggressive\"}}");
        ResolvedConfiguration resolved = resilience.getConfiguration();
        assertThat(resolved.defaultStrategy()).isEqualTo(ResilienceStrategy.CRITICAL);
        assertThat(resolved.configFor("要約").strategy()).isEqualTo(ResilienceStrategy.AGGRESSIVE);
        assertThat(resolved.configFor("要約").enableRetry()).isFalse();
        assertThat(resolved.configFor("x").retry().jitter()).isFalse();
        assertThat(resolved.configFor("x").enableCircuitBreaker()).isFalse();

        assertThatThrownBy(() -> resilience.updateConfiguration("{\"default_strategy\": \"fast\", \"jitter_enabled\": 1,"
                + " \"retry_attempts\": \"3\", \"operation_overrides\": {\"qa\": \"slow\", \"\": \"balanced\"}, \"nope\": 1}"))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::path)
                        .containsExactly("$.default_strategy", "$.jitter_enabled", "$.retry_attempts",
                                "$.operation_overrides.qa", "$.operation_overrides.", "$.nope"));
        assertThat(resilience.getConfiguration()).isEqualTo(resolved);
    }

    @Test
    void validate_reports_errors_warnings_and_suggestions_without_side_effects() {
        ResolvedConfiguration before = resilience.getConfiguration();
        int events = resilience.configEvents().size();
        ValidationResult result = resilience.validateConfiguration("{\"exponential_min\": 8.0, \"exponential_max\": 6.0}");
        assertThat(result.isValid()).isFalse();
        assertThat(result.errors()).anyMatch(e -> e.contains("exponential_min must be less than exponential_max"));
        assertThat(result.suggestions()).isNotEmpty();

        ValidationResult warned = resilience.validateConfiguration(
                "{\"retry_attempts\": 8, \"max_delay_seconds\": 10, \"circuit_breaker_threshold\": 2}");
        assertThat(warned.isValid()).isTrue();
        assertThat(warned.warnings()).containsExactly(
                "max_delay_seconds (10s) might be too short for 8 retry attempts (estimated minimum: 16s)",
                "Very low circuit breaker threshold may cause frequent circuit opening",
                "High retry attempts may increase latency significantly");

        // exponential_min above the exponential_max in force (10.0 for simple) is caught against the current config
        assertThat(resilience.validateConfiguration("{\"exponential_min\": 10.0}").isValid()).isTrue();
        assertThat(resilience.validateConfiguration("{\"exponential_min\": 10.0, \"exponential_max\": 5.0}").isValid()).isFalse();
        assertThat(resilience.validate("{\"retry_attempts\": 0}").errors())
                .isEqualTo(resilience.validateConfiguration("{\"retry_attempts\": 0}").errors()).isNotEmpty();
        assertThat(resilience.getConfiguration()).isEqualTo(before);
        assertThat(resilience.configEvents().size()).isEqualTo(events);
    }

    @Test
    void validation_result_serialises_to_the_four_seed_keys() throws Exception {
        String json = tools.jackson.databind.json.JsonMapper.builder().build()
                .writeValueAsString(resilience.validateConfiguration("{\"retry_attempts\": 0}"));
        assertThat(json).startsWith("{\"is_valid\":false,\"errors\":[").contains("\"warnings\":[]").contains("\"suggestions\":[")
                .doesNotContain("problems");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"retry_attempts\": 3,}", "{retry_attempts: 3}", "not_json_at_all", "", "null", "[]", "{}",
        "{\"retry_attempts\": NaN}", "{\"jitter_max\": Infinity}", "{\"jitter_max\": 1e400}",
        "{\"retry_attempts\": 3, \"retry_attempts\": 4}", "{\"retry_attempts\": 3} {}", "{\"retry_attempts\": true}",
        "{\"retry_attempts\": 99999999999999999999999}", "{\"retry_attempts\": 3.5}"})
    void malformed_and_hostile_documents_are_rejected_with_a_clear_problem(String json) {
        ResolvedConfiguration before = resilience.getConfiguration();
        assertThatThrownBy(() -> resilience.updateConfiguration(json))
                .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems()).isNotEmpty()
                        .allSatisfy(p -> assertThat(p.message()).isNotBlank()));
        assertThat(resilience.getConfiguration()).isEqualTo(before);
    }

    @Test
    void hard_limits_reject_big_deep_wide_and_long_input_but_accept_non_ascii_text() {
        String big = "{\"operation_overrides\": {" + "\"op\": \"balanced\",".repeat(7000) + "\"x\": \"balanced\"}}";
        assertProblem(big, "too large");
        assertProblem("{\"a\":".repeat(11) + "1" + "}".repeat(11), "nested too deep");
        StringBuilder wide = new StringBuilder("{\"operation_overrides\": {");
        for (int i = 0; i < 1001; i++) {
            wide.append(i == 0 ? "" : ",").append("\"op").append(i).append("\": \"balanced\"");
        }
        assertProblem(wide.append("}}").toString(), "too many keys");
        assertProblem("{\"default_strategy\": \"" + "a".repeat(201) + "\"}", "String too long");
        assertProblem("{\"operation_overrides\": {\"" + "a".repeat(201) + "\": \"balanced\"}}", "Key name too long");

        ResolvedConfiguration ok = resilience.updateConfiguration(
                "{\"operation_overrides\": {\"résumé\": \"critical\", \"требование\": \"aggressive\", \"" + "a".repeat(200) + "\": \"balanced\"}}");
        assertThat(ok.strategyFor("résumé")).isEqualTo(ResilienceStrategy.CRITICAL);
        assertThat(ok.strategyFor("требование")).isEqualTo(ResilienceStrategy.AGGRESSIVE);
    }

    private void assertProblem(String json, String text) {
        ResolvedConfiguration before = resilience.getConfiguration();
        assertThatThrownBy(() -> resilience.updateConfiguration(json)).isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(text);
        assertThat(resilience.getConfiguration()).isEqualTo(before);
    }

    @Test
    void map_updates_go_through_the_same_checks() {
        resilience.updateConfiguration(Map.of("retry_attempts", 4, "operation_overrides", Map.of("qa", "critical")));
        assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
        assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(4);
        assertThatThrownBy(() -> resilience.updateConfiguration(Map.of("jitter_max", Double.NaN)))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> resilience.updateConfiguration(Map.of("retry_attempts", new Object())))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void templates_match_the_seed_and_validate_with_overrides() {
        assertThat(ConfigTemplates.listTemplates()).containsExactly("fast_development", "robust_production", "low_latency",
                "high_throughput", "maximum_reliability");
        for (String name : ConfigTemplates.listTemplates()) {
            assertThat(ConfigTemplates.validateTemplateBasedConfig(name, Map.of()).isValid()).as(name).isTrue();
        }
        assertThat(ConfigTemplates.getTemplate("low_latency").orElseThrow().config())
                .containsEntry("max_delay_seconds", 5).containsEntry("exponential_min", 0.5);
        assertThat(ConfigTemplates.getTemplate("nope")).isEmpty();
        assertThat(ConfigTemplates.validateTemplateBasedConfig("robust_production", Map.of("retry_attempts", 7)).isValid()).isTrue();
        assertThat(ConfigTemplates.validateTemplateBasedConfig("fast_development", Map.of("retry_attempts", 100)).isValid()).isFalse();
        ValidationResult unknown = ConfigTemplates.validateTemplateBasedConfig("nope", Map.of());
        assertThat(unknown.errors()).containsExactly("Unknown template: nope");
        assertThat(unknown.suggestions()).anyMatch(s -> s.contains("fast_development"));

        assertThat(ConfigTemplates.suggestTemplateForConfig(Map.of("retry_attempts", 1, "circuit_breaker_threshold", 2,
                "default_strategy", "aggressive"))).contains("fast_development");
        assertThat(ConfigTemplates.suggestTemplateForConfig(Map.of("retry_attempts", 6, "circuit_breaker_threshold", 12,
                "default_strategy", "conservative"))).contains("robust_production");
        assertThat(ConfigTemplates.suggestTemplateForConfig(Map.of("retry_attempts", 50, "circuit_breaker_threshold", 1,
                "default_strategy", "critical"))).isEmpty();
        assertThat(ConfigTemplates.suggestTemplateForConfig(Map.of())).contains("high_throughput");
    }
}
