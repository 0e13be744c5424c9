package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.support.CapturedLogs;
import dev.airesilience.time.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Invalid settings at startup (seed §3.2, §3.6; issue 13): the orchestrator starts on the preset without them, says
 * so loudly (ERROR log, {@code config_error} event, health detail), and fails only in strict mode.
 */
class LenientStartupTest {

    private static AIServiceResilience lenient(ResilienceSettings settings) {
        return AIServiceResilience.builder().clock(new ManualClock()).settings(settings).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"retry_attempts\": 3,}", "not_json", "", "{\"retry_attempts\":\"3\"}",
            "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 101}"})
    void anInvalidCustomDocumentAppliesNoneOfItsKeysAndIsReported(String document) {
        ResilienceSettings settings = ResilienceSettings.builder().preset("production").customConfig(document).build();
        int presetAttempts;
        try (AIServiceResilience presetOnly = lenient(ResilienceSettings.builder().preset("production").build())) {
            presetAttempts = presetOnly.getOperationConfig("chat").retry().maxAttempts();
        }
        try (CapturedLogs logs = new CapturedLogs("dev.airesilience");
                AIServiceResilience resilience = lenient(settings)) {
            assertThat(resilience.getOperationConfig("chat").retry().maxAttempts())
                    .as("the preset applies, none of the document's keys").isEqualTo(presetAttempts);
            assertThat(resilience.getConfiguration().presetName()).isEqualTo("production");
            assertThat(resilience.getStartupConfigurationProblems()).isNotEmpty();
            assertThat(resilience.getHealthStatus().configurationProblems()).isNotEmpty();
            assertThat(resilience.configEvents().events(null).stream().map(e -> e.type()))
                    .contains(ConfigEventType.CONFIG_ERROR);
            assertThat(logs.at(Level.ERROR).stream().map(ILoggingEvent::getFormattedMessage))
                    .anySatisfy(line -> assertThat(line).contains("Invalid resilience configuration"));
        }
        assertThatThrownBy(() -> AIServiceResilience.builder().settings(settings).strictConfiguration(true).build())
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void anInvalidPerOperationStrategyVariableResolvesToBalancedAndValidLegacyValuesStillApply() {
        ResilienceSettings settings = ResilienceSettings.fromEnvironment(Map.of("RESILIENCE_PRESET", "simple",
                "SUMMARIZE_RESILIENCE_STRATEGY", "hyper", "QA_RESILIENCE_STRATEGY", "critical",
                "RETRY_MAX_ATTEMPTS", "many", "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "7"));
        try (AIServiceResilience resilience = lenient(settings)) {
            assertThat(resilience.getOperationConfig("summarize").strategy()).isEqualTo(ResilienceStrategy.BALANCED);
            assertThat(resilience.getOperationConfig("qa").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
            assertThat(resilience.getOperationConfig("translate").circuitBreaker().failureThreshold()).isEqualTo(7);
            assertThat(resilience.getStartupConfigurationProblems()).extracting(p -> p.message())
                    .anySatisfy(m -> assertThat(m).contains("RETRY_MAX_ATTEMPTS"))
                    .anySatisfy(m -> assertThat(m).contains("hyper"));
        }
    }

    @Test
    void validSettingsReportNoProblems() {
        try (AIServiceResilience resilience = lenient(ResilienceSettings.builder().preset("simple")
                .customConfig("{\"retry_attempts\": 4}").build())) {
            assertThat(resilience.getStartupConfigurationProblems()).isEmpty();
            assertThat(resilience.getHealthStatus().configurationProblems()).isEmpty();
            assertThat(resilience.configEvents().usageStatistics(null).presetUsageCount())
                    .as("the custom document is its own usage event").containsEntry("simple", 1L).containsEntry("custom", 1L);
        }
    }
}
