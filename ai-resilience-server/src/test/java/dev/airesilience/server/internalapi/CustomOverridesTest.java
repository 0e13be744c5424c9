package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.settings.ResilienceSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /config}'s {@code custom_overrides} (seed §7.2): the custom JSON keys in force, in the custom JSON's
 * shape, runtime updates included; {@code null} with a preset alone.
 */
class CustomOverridesTest {

    @Test
    void aPresetAloneHasNoCustomOverrides() {
        try (AIServiceResilience resilience = new AIServiceResilience(ResilienceSettings.builder().preset("production").build())) {
            assertThat(ResilienceApiController.customOverrides(resilience.getConfiguration())).isNull();
        }
    }

    @Test
    void theCustomDocumentAndRuntimeUpdatesAreListedWithTheirValues() {
        ResilienceSettings settings = ResilienceSettings.builder().preset("simple")
                .customConfig("{\"retry_attempts\": 7, \"operation_overrides\": {\"qa\": \"critical\"}}").build();
        try (AIServiceResilience resilience = new AIServiceResilience(settings)) {
            assertThat(ResilienceApiController.customOverrides(resilience.getConfiguration()))
                    .containsEntry("retry_attempts", 7)
                    .containsEntry("operation_overrides", Map.of("qa", "critical"))
                    .doesNotContainKey("circuit_breaker_threshold");

            resilience.updateConfiguration("{\"circuit_breaker_threshold\": 12}");

            assertThat(ResilienceApiController.customOverrides(resilience.getConfiguration()))
                    .containsEntry("retry_attempts", 7).containsEntry("circuit_breaker_threshold", 12);
        }
    }
}
