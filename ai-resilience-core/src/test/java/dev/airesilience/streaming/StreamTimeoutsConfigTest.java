package dev.airesilience.streaming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two stream timeouts as Java configuration and as JSON keys (seconds with decimals, 0 = none). */
class StreamTimeoutsConfigTest {

    @Test
    void jsonKeysInSecondsBecomeDurationsAndZeroMeansNone() {
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build()) {
            assertThat(resilience.getOperationConfig("chat").firstTokenTimeout()).isNull();

            resilience.updateConfiguration("{\"first_token_timeout_seconds\": 2.5, \"idle_timeout_seconds\": 0.25}");

            ResilienceConfig config = resilience.getOperationConfig("chat");
            assertThat(config.firstTokenTimeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(config.idleTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(resilience.getConfiguration().values())
                    .containsEntry("first_token_timeout_seconds", 2.5).containsEntry("idle_timeout_seconds", 0.25);

            resilience.updateConfiguration("{\"first_token_timeout_seconds\": 0}");
            assertThat(resilience.getOperationConfig("chat").firstTokenTimeout()).isNull();
            assertThat(resilience.getOperationConfig("chat").idleTimeout()).isEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void outOfRangeOrMistypedValuesAreRejectedNamingTheKey() {
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build()) {
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"idle_timeout_seconds\": 3601}"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("idle_timeout_seconds").hasMessageContaining("3601");
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"first_token_timeout_seconds\": \"5\"}"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("first_token_timeout_seconds");
            assertThat(resilience.getOperationConfig("chat").idleTimeout()).isNull(); // nothing applied
        }
    }

    @Test
    void javaConfigurationTakesDurationsUpToOneHourAndZeroMeansNone() {
        ResilienceConfig config = ResilienceConfig.builder()
                .firstTokenTimeout(Duration.ofSeconds(10)).idleTimeout(Duration.ofSeconds(3)).build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThatThrownBy(() -> ResilienceConfig.builder().idleTimeout(Duration.ofHours(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("idleTimeout must be between 0s and 3600s (inclusive), but was 7200s");
        assertThatThrownBy(() -> ResilienceConfig.builder().firstTokenTimeout(Duration.ofMillis(-1)).build())
                .hasMessageContaining("firstTokenTimeout");
        assertThat(ResilienceConfig.builder().firstTokenTimeout(Duration.ZERO).build().firstTokenTimeout())
                .as("zero means none, as 0 does in JSON").isNull();
    }
}
