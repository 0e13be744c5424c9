package dev.airesilience.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.metrics.*;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * The metrics and health records carry only jackson-annotations, which both Jackson lines read: an application on
 * Jackson 2 (Spring Boot 3.5, the OpenAI SDK) and one on Jackson 3 (Spring Boot 4) get the same JSON.
 */
class BothJacksonLinesTest {

    @Test
    void jackson2AndJackson3WriteTheSameMetricsAndHealth() throws Exception {
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing())) {
            resilience.<String>withResilience("chat", null, Orchestrators.config(2, 1), null).call(() -> "ok");
            try {
                resilience.<String>withResilience("down", null, Orchestrators.config(2, 1), null).call(() -> {
                    throw new ServiceUnavailableException("503");
                });
            } catch (ServiceUnavailableException expected) {
                // opens the "down" breaker
            }
            com.fasterxml.jackson.databind.ObjectMapper jackson2 = new com.fasterxml.jackson.databind.ObjectMapper()
                    .findAndRegisterModules()
                    .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            tools.jackson.databind.json.JsonMapper jackson3 = tools.jackson.databind.json.JsonMapper.builder().build();

            for (Object record : new Object[] {resilience.getAllMetrics(), resilience.getHealthStatus()}) {
                String written2 = jackson2.writeValueAsString(record);
                String written3 = jackson3.writeValueAsString(record);
                assertThat(written2).isEqualTo(written3);
            }
            assertThat(jackson3.writeValueAsString(resilience.getAllMetrics()))
                    .contains("\"successful_calls\":1").contains("\"state\":\"open\"");
        }
    }
}
