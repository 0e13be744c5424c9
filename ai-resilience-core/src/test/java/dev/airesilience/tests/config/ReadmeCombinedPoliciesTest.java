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

/**
 * The README's "Putting them together" shows one configuration twice, in Java and in JSON. Between the region
 * markers this test holds the README's Java line for line, and the JSON must resolve to it.
 */
class ReadmeCombinedPoliciesTest {

    @Test
    void theJsonOfTheCombinedPoliciesIsTheJavaConfiguration() throws Exception {
        // region readme-combined
        ResilienceConfig config = ResilienceStrategy.BALANCED.config().toBuilder()
                .circuitBreaker(ResilienceStrategy.BALANCED.config().circuitBreaker().toBuilder()
                        .mode(BreakerMode.FAILURE_RATE).slidingWindowType(SlidingWindowType.COUNT)
                        .slidingWindowSize(8).minimumNumberOfCalls(8).failureRateThreshold(100).countAttempts(true)
                        .healthProbeInterval(Duration.ofMillis(50)).halfOpenMaxCalls(3)
                        .recoveryTimeout(Duration.ofSeconds(120))
                        .build())
                .idempotent(true)
                .hedge(new HedgeConfig(true, Duration.ofMillis(600), 0, 1, 0.07))
                .build();
        // endregion readme-combined

        String readme = Files.readString(Path.of("../README.md"));
        String section = readme.substring(readme.indexOf("### Putting them together"));
        String json = section.substring(section.indexOf("```json") + "```json".length(), section.indexOf("```", section.indexOf("```json") + 7));
        String javaBlock = section.substring(0, section.indexOf("```json"));
        String source = Files.readString(Path.of("src/test/java/dev/airesilience/tests/config/ReadmeCombinedPoliciesTest.java"));
        String region = source.substring(source.indexOf("// region readme-combined") + "// region readme-combined".length(),
                source.indexOf("// endregion readme-combined"));
        for (String line : region.strip().split("\n")) {
            assertThat(javaBlock).as("the README's Java block").contains(line.strip());
        }

        try (AIServiceResilience resilience = AIServiceResilience.builder().build()) {
            resilience.updateConfiguration(json);
            assertThat(resilience.getOperationConfig("chat")).isEqualTo(config);
        }
    }
}
