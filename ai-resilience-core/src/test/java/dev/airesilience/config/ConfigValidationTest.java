package dev.airesilience.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void rejectsZeroAttemptsNamingFieldRangeAndValue() {
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAttempts must be between 1 and 20 (inclusive), but was 0");
    }

    @Test
    void rejectsZeroFailureThresholdNamingFieldRangeAndValue() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureThreshold must be between 1 and 100 (inclusive), but was 0");
    }

    @Test
    void acceptsEveryBoundAndRejectsJustOutside() {
        assertThat(RetryConfig.builder().maxAttempts(1).build().maxAttempts()).isEqualTo(1);
        assertThat(RetryConfig.builder().maxAttempts(20).build().maxAttempts()).isEqualTo(20);
        assertThatThrownBy(() -> RetryConfig.builder().maxAttempts(21).build()).hasMessageContaining("but was 21");
        assertThatThrownBy(() -> RetryConfig.builder().maxDelaySeconds(0).build()).hasMessageContaining("maxDelaySeconds");
        assertThatThrownBy(() -> RetryConfig.builder().maxDelaySeconds(3601).build()).hasMessageContaining("3601");
        assertThatThrownBy(() -> RetryConfig.builder().exponentialMultiplier(0.09).build())
                .hasMessageContaining("exponentialMultiplier must be between 0.1 and 10.0");
        assertThatThrownBy(() -> RetryConfig.builder().jitterMax(Double.NaN).build()).hasMessageContaining("NaN");
        assertThatThrownBy(() -> RetryConfig.builder().exponentialMin(20).exponentialMax(10).build())
                .hasMessageContaining("exponentialMin must not exceed exponentialMax");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recoveryTimeoutSeconds(3601).build())
                .hasMessageContaining("recoveryTimeoutSeconds");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().halfOpenMaxCalls(11).build())
                .hasMessageContaining("halfOpenMaxCalls must be between 1 and 10 (inclusive), but was 11");
        assertThat(CircuitBreakerConfig.builder().failureThreshold(100).recoveryTimeoutSeconds(3600)
                .halfOpenMaxCalls(10).build()).isEqualTo(new CircuitBreakerConfig(100, 3600, 10));
    }

    @Test
    void recordsAreImmutableValuesWithToBuilder() {
        RetryConfig base = RetryConfig.DEFAULT;
        RetryConfig variant = base.toBuilder().maxAttempts(5).build();
        assertThat(base.maxAttempts()).isEqualTo(3);
        assertThat(variant.maxAttempts()).isEqualTo(5);
        assertThat(variant.toBuilder().maxAttempts(3).build()).isEqualTo(base);
        ResilienceConfig config = ResilienceConfig.DEFAULT.toBuilder().enableRetry(false).build();
        assertThat(config.effectiveMaxAttempts()).isEqualTo(1);
        assertThatThrownBy(() -> ResilienceConfig.builder().retry(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("retry must not be null");
    }
}
