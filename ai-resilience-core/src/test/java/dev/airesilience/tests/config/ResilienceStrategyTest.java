package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.config.*;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResilienceStrategyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // strategy, attempts, budget, multiplier, min, max, jitterMax, threshold, recovery
        "AGGRESSIVE,   2,  10, 0.5, 1.0,  5.0, 2.0,  3,  30",
        "BALANCED,     3,  30, 1.0, 2.0, 10.0, 2.0,  5,  60",
        "CONSERVATIVE, 5, 120, 2.0, 4.0, 30.0, 2.0,  8, 120",
        "CRITICAL,     7, 300, 1.5, 3.0, 60.0, 5.0, 10, 300",
    })
    void hasTheExactNumbersOfTheSeedStrategyTable(ResilienceStrategy strategy, int attempts, int budget,
            double multiplier, double min, double max, double jitterMax, int threshold, int recovery) {
        ResilienceConfig config = strategy.config();
        assertThat(config.strategy()).isEqualTo(strategy);
        assertThat(config.retry().maxAttempts()).isEqualTo(attempts);
        assertThat(config.retry().maxDelay()).isEqualTo(Duration.ofSeconds(budget));
        assertThat(config.retry().exponentialMultiplier()).isEqualTo(seconds(multiplier));
        assertThat(config.retry().exponentialMin()).isEqualTo(seconds(min));
        assertThat(config.retry().exponentialMax()).isEqualTo(seconds(max));
        assertThat(config.retry().jitter()).isTrue();
        assertThat(config.retry().jitterMax()).isEqualTo(seconds(jitterMax));
        assertThat(config.circuitBreaker().failureThreshold()).isEqualTo(threshold);
        assertThat(config.circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofSeconds(recovery));
        assertThat(config.circuitBreaker().halfOpenMaxCalls()).isEqualTo(1);
        assertThat(config.enableRetry()).isTrue();
        assertThat(config.enableCircuitBreaker()).isTrue();
    }

    @Test
    void wireNamesAreExactlyTheFourLowerCaseNamesInJavaAndJson() {
        assertThat(ResilienceStrategy.AGGRESSIVE.wireName()).isEqualTo("aggressive");
        assertThat(ResilienceStrategy.CRITICAL.toString()).isEqualTo("critical");
        assertThat(ResilienceStrategy.fromString("conservative")).isEqualTo(ResilienceStrategy.CONSERVATIVE);
        for (String near : new String[] {"Conservative", " balanced ", "CRITICAL", "balanced\n"}) {
            assertThatThrownBy(() -> ResilienceStrategy.fromString(near))
                    .hasMessageContaining("aggressive, balanced, conservative, critical");
            assertThat(dev.airesilience.config.schema.ConfigSchema.check("{\"default_strategy\": \""
                    + near.replace("\n", "\\n") + "\"}").toResult().isValid())
                    .as("JSON default_strategy %s", near).isFalse();
        }
    }

    @Test
    void parsingAnUnknownNameListsTheValidOnes() {
        assertThatThrownBy(() -> ResilienceStrategy.fromString("reckless"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'reckless'")
                .hasMessageContaining("aggressive, balanced, conservative, critical");
        assertThatThrownBy(() -> ResilienceStrategy.fromString(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultConfigKeepsTheSeedDefaultsWhichDifferFromBalanced() {
        assertThat(ResilienceConfig.DEFAULT.retry().maxAttempts()).isEqualTo(3);
        assertThat(ResilienceConfig.DEFAULT.retry().maxDelay()).isEqualTo(Duration.ofSeconds(60));
        assertThat(ResilienceStrategy.BALANCED.config().retry().maxDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
