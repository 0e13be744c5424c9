package compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResilienceSettings;
import org.junit.jupiter.api.Test;

/** The core's configuration JSON and records next to the Jackson 2 that the OpenAI SDK resolves. */
class CoreNextToTheOpenAiSdkTest {

    @Test
    void theSdksJacksonIsTheOneOnTheClassPath() {
        String annotations = com.fasterxml.jackson.annotation.JsonProperty.class.getPackage().getImplementationVersion();
        System.out.println("jackson-annotations " + annotations + ", jackson-databind "
                + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
        assertTrue(annotations == null || annotations.startsWith("2."), annotations);
    }

    @Test
    void customConfigAndRuntimeUpdatesWork() {
        try (AIServiceResilience resilience = new AIServiceResilience(ResilienceSettings.builder()
                .preset("simple").customConfig("{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 7}").build())) {
            assertEquals(4, resilience.getOperationConfig("chat").retry().maxAttempts());

            resilience.updateConfiguration("{\"retry_attempts\": 2}");
            assertEquals(2, resilience.getOperationConfig("chat").retry().maxAttempts());

            InvalidConfigurationException rejected = assertThrows(InvalidConfigurationException.class,
                    () -> resilience.updateConfiguration("{\"retry_attempts\": 99}"));
            assertTrue(rejected.getMessage().contains("retry_attempts"), rejected.getMessage());
            assertEquals(2, resilience.getOperationConfig("chat").retry().maxAttempts());
        }
    }

    @Test
    void metricsSerialiseWithTheApplicationsJackson2() throws Exception {
        try (AIServiceResilience resilience = new AIServiceResilience()) {
            resilience.<String>withOperationResilience("chat").call(() -> "ok");
            String json = new ObjectMapper().findAndRegisterModules().writeValueAsString(resilience.getAllMetrics());
            assertTrue(json.contains("\"successful_calls\":1"), json);
        }
    }
}
