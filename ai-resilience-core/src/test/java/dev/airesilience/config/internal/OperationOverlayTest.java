package dev.airesilience.config.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.config.BackoffMode;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.InvalidConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationOverlayTest {

    private static final ResilienceConfig BASE = ResilienceStrategy.CRITICAL.config().toBuilder()
            .retry(ResilienceStrategy.CRITICAL.config().retry().toBuilder().backoffMode(BackoffMode.FIXED).build())
            .attemptTimeout(Duration.ofSeconds(7)).build();

    @Test
    void keysTheLayerSetsReplaceAndEveryOtherValueIsKept() {
        ResilienceConfig overlaid = ConfigResolver.overlay(BASE,
                ConfigSchema.check(Map.of("retry_attempts", 2, "recovery_timeout", 45)).layerOrThrow());

        assertThat(overlaid.retry().maxAttempts()).isEqualTo(2);
        assertThat(overlaid.circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(overlaid.attemptTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(overlaid.retry().backoffMode()).isEqualTo(BackoffMode.FIXED);
        assertThat(overlaid.strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
        assertThat(overlaid.circuitBreaker().failureThreshold()).isEqualTo(BASE.circuitBreaker().failureThreshold());
    }

    @Test
    void theAttemptTimeoutIsAnOperationKeyToo() {
        assertThat(ConfigResolver.overlay(BASE,
                ConfigSchema.check(Map.of("attempt_timeout_seconds", 2.5)).layerOrThrow()).attemptTimeout())
                .isEqualTo(Duration.ofMillis(2500));
        assertThat(ConfigResolver.overlay(BASE,
                ConfigSchema.check(Map.of("attempt_timeout_seconds", 0)).layerOrThrow()).attemptTimeout()).isNull();
    }

    @Test
    void aCombinationThatContradictsTheBaseIsRejected() {
        ResilienceConfig slowStart = BASE.toBuilder()
                .retry(BASE.retry().toBuilder().exponentialMin(Duration.ofSeconds(8)).exponentialMax(Duration.ofSeconds(60)).build()).build();
        assertThatThrownBy(() -> ConfigResolver.overlay(slowStart,
                ConfigSchema.check(Map.of("exponential_max", 6.0)).layerOrThrow()))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("exponential");
    }
}
