package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.SlidingWindowType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's "Putting them together" shows one configuration twice, in Java and in JSON: they must agree. */
class ReadmeCombinedPoliciesTest {

    @Test
    void theJsonOfTheCombinedPoliciesIsTheJavaConfiguration() throws Exception {
        // As in the README, line for line.
        ResilienceConfig config = ResilienceStrategy.BALANCED.config().toBuilder()
                .circuitBreaker(ResilienceStrategy.BALANCED.config().circuitBreaker().toBuilder()
                        .mode(BreakerMode.FAILURE_RATE).slidingWindowType(SlidingWindowType.COUNT)
                        .slidingWindowSize(8).minimumNumberOfCalls(8).failureRateThreshold(100).countAttempts(true)
                        .healthProbeInterval(Duration.ofMillis(50))
                        .build())
                .idempotent(true)
                .hedge(new HedgeConfig(true, Duration.ofMillis(10), 95, 1, 0.07))
                .build();

        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("### Putting them together"));
        String json = section.substring(section.indexOf("```json") + "```json".length(), section.indexOf("```", section.indexOf("```json") + 7));
        assertThat(section.substring(0, section.indexOf("```json"))).contains(".hedge(new HedgeConfig(true, Duration.ofMillis(10), 95, 1, 0.07))");

        try (AIServiceResilience resilience = AIServiceResilience.builder().build()) {
            resilience.updateConfiguration(json);
            assertThat(resilience.getOperationConfig("chat")).isEqualTo(config);
        }
    }
}
