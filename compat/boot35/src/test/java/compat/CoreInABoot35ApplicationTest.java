package compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResilienceSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;

/** The core as a plain library in a Spring Boot 3.5 application, whose BOM pins Jackson 2.19. */
@SpringBootTest(classes = CoreInABoot35ApplicationTest.App.class)
class CoreInABoot35ApplicationTest {

    @SpringBootApplication
    static class App {
        @Bean(destroyMethod = "close")
        AIServiceResilience resilience() {
            return new AIServiceResilience(ResilienceSettings.builder().preset("production")
                    .customConfig("{\"retry_attempts\": 5}").build());
        }
    }

    @Autowired
    AIServiceResilience resilience;

    @Autowired
    ObjectMapper bootsObjectMapper;

    @Test
    void bootPinsJackson2() {
        assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion()).isEqualTo(19);
    }

    @Test
    void customConfigAndRuntimeUpdatesWork() {
        assertThat(resilience.getOperationConfig("chat").retry().maxAttempts()).isEqualTo(5);
        resilience.updateConfiguration("{\"circuit_breaker_threshold\": 9}");
        assertThat(resilience.getOperationConfig("chat").circuitBreaker().failureThreshold()).isEqualTo(9);
        assertThatThrownBy(() -> resilience.updateConfiguration("{\"retry_attempts\": \"3\"}"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("retry_attempts");
    }

    @Test
    void metricsSerialiseWithBootsObjectMapper() throws Exception {
        resilience.<String>withOperationResilience("chat").call(() -> "ok");
        String json = bootsObjectMapper.writeValueAsString(resilience.getAllMetrics());
        assertThat(json).contains("\"successful_calls\":1").contains("\"circuit_breakers\"");
    }
}
