package compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.annotation.Resilient;
import dev.airesilience.exception.ServiceUnavailableException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** The starter in a Spring Boot 4 application (Jackson 3): `@Resilient`, runtime updates, metrics as JSON. */
@SpringBootTest(classes = StarterInABoot4ApplicationTest.App.class, properties = {
        "ai.resilience.preset=simple", "ai.resilience.custom-config={\"retry_attempts\": 2, \"exponential_min\": 0.5, \"exponential_max\": 5, \"jitter_enabled\": false}"})
class StarterInABoot4ApplicationTest {

    @SpringBootApplication
    static class App {
        @Bean
        Provider provider() {
            return new Provider();
        }
    }

    /** A provider that is down: every attempt fails. */
    static class Provider {
        private final AtomicInteger attempts = new AtomicInteger();

        // Methods, not fields: the bean the test gets is the proxy, not the object holding the counter.
        public int attempts() {
            return attempts.get();
        }

        public void resetAttempts() {
            attempts.set(0);
        }

        @Resilient(operation = "chat", fallbackMethod = "canned")
        public String ask(String question) {
            attempts.incrementAndGet();
            throw new ServiceUnavailableException("503");
        }

        public String canned(String question, Throwable cause) {
            return "canned";
        }
    }

    @Autowired
    Provider provider;

    @Autowired
    AIServiceResilience resilience;

    @Test
    void resilientMethodsRetryAndFallBack() {
        assertThat(provider.ask("hi")).isEqualTo("canned");
        assertThat(provider.attempts()).isEqualTo(2);

        resilience.updateConfiguration("{\"retry_attempts\": 3}");
        provider.resetAttempts();
        assertThat(provider.ask("again")).isEqualTo("canned");
        assertThat(provider.attempts()).isEqualTo(3);

        String json = JsonMapper.builder().build().writeValueAsString(resilience.getAllMetrics());
        assertThat(json).contains("\"fallback_calls\":2");
    }
}
