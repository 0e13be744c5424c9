package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
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
        assertThatThrownBy(() -> RetryConfig.builder().maxDelay(Duration.ZERO).build())
                .hasMessage("maxDelay must be between 1ms and 3600s (inclusive), but was 0s");
        assertThatThrownBy(() -> RetryConfig.builder().maxDelay(Duration.ofSeconds(3601)).build()).hasMessageContaining("3601s");
        assertThatThrownBy(() -> RetryConfig.builder().exponentialMultiplier(Duration.ofMillis(10_001)).build())
                .hasMessage("exponentialMultiplier must be between 1ms and 10s (inclusive), but was 10.001s");
        assertThatThrownBy(() -> RetryConfig.builder().jitterMax(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("jitterMax must not be null");
        assertThatThrownBy(() -> RetryConfig.builder().exponentialMin(Duration.ofSeconds(20)).exponentialMax(Duration.ofSeconds(10)).build())
                .hasMessageContaining("exponentialMin must not exceed exponentialMax");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recoveryTimeout(Duration.ofSeconds(3601)).build())
                .hasMessageContaining("recoveryTimeout");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().halfOpenMaxCalls(11).build())
                .hasMessageContaining("halfOpenMaxCalls must be between 1 and 10 (inclusive), but was 11");
        assertThat(CircuitBreakerConfig.builder().failureThreshold(100).recoveryTimeout(Duration.ofSeconds(3600))
                .halfOpenMaxCalls(10).build()).isEqualTo(new CircuitBreakerConfig(100, Duration.ofSeconds(3600), 10));
    }

    /** Issue 11: "a 300 ms open interval or a 20 ms backoff cannot be expressed". Now they can, in Java and JSON. */
    @Test
    void millisecondDurationsAreExpressibleInJavaAndInJson() {
        RetryConfig retry = RetryConfig.builder()
                .exponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(80))
                .jitterMax(Duration.ZERO).maxDelay(Duration.ofMillis(500)).build();
        assertThat(retry.exponentialMin()).isEqualTo(Duration.ofMillis(20));
        assertThat(CircuitBreakerConfig.builder().recoveryTimeout(Duration.ofMillis(300)).build().recoveryTimeout())
                .isEqualTo(Duration.ofMillis(300));
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
                .settings(ResilienceSettings.defaults()).build()) {
            ResilienceConfig config = resilience.updateConfiguration(
                    "{\"recovery_timeout\": 0.3, \"exponential_multiplier\": 0.02, \"exponential_min\": 0.02,"
                            + " \"exponential_max\": 0.08, \"max_delay_seconds\": 0.5}")
                    .configForStrategy(ResilienceStrategy.BALANCED);
            assertThat(config.circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(config.retry().exponentialMultiplier()).isEqualTo(Duration.ofMillis(20));
            assertThat(config.retry().maxDelay()).isEqualTo(Duration.ofMillis(500));
        }
    }

    /**
     * Issue 11: "a config that is valid in Java can be refused by updateConfiguration". Every bound of every numeric
     * setting, as a Java value, is accepted by JSON too, and every value just outside is refused by both.
     */
    @Test
    void javaAndJsonAcceptExactlyTheSameValues() {
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
                .settings(ResilienceSettings.defaults()).build()) {
            for (ConfigKey key : ConfigKey.values()) {
                if (key.type() != ConfigKey.Type.INT && key.type() != ConfigKey.Type.SECONDS
                        && key.type() != ConfigKey.Type.DECIMAL) {
                    continue;
                }
                double step = key.type() == ConfigKey.Type.INT ? 1 : 0.001;
                for (double value : new double[] {key.min(), key.max(), key.min() - step, key.max() + step}) {
                    boolean java = acceptedByJava(key, value);
                    boolean json = acceptedByJson(resilience, key, value);
                    assertThat(json).as("%s = %s: JSON agrees with Java", key, value).isEqualTo(java);
                    assertThat(java).as("%s = %s", key, value).isEqualTo(value >= key.min() && value <= key.max());
                }
            }
        }
    }

    private static boolean acceptedByJava(ConfigKey key, double value) {
        Duration duration = ConfigKey.seconds(value);
        RetryConfig.Builder retry = RetryConfig.builder().exponentialBackoff(Duration.ofSeconds(1), Duration.ZERO, Duration.ofHours(1));
        CircuitBreakerConfig.Builder breaker = CircuitBreakerConfig.builder();
        try {
            switch (key) {
                case RETRY_ATTEMPTS -> retry.maxAttempts((int) value).build();
                case MAX_DELAY_SECONDS -> retry.maxDelay(duration).build();
                case EXPONENTIAL_MULTIPLIER -> retry.exponentialMultiplier(duration).build();
                case EXPONENTIAL_MIN -> retry.exponentialMin(duration).build();
                case EXPONENTIAL_MAX -> retry.exponentialMin(Duration.ZERO).exponentialMax(duration).build();
                case JITTER_MAX -> retry.jitterMax(duration).build();
                case CIRCUIT_BREAKER_THRESHOLD -> breaker.failureThreshold((int) value).build();
                case RECOVERY_TIMEOUT -> breaker.recoveryTimeout(duration).build();
                case HALF_OPEN_MAX_CALLS -> breaker.halfOpenMaxCalls((int) value).build();
                case ATTEMPT_TIMEOUT_SECONDS -> ResilienceConfig.builder().attemptTimeout(duration).build();
                case FIRST_TOKEN_TIMEOUT_SECONDS -> ResilienceConfig.builder().firstTokenTimeout(duration).build();
                case IDLE_TIMEOUT_SECONDS -> ResilienceConfig.builder().idleTimeout(duration).build();
                case CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE -> breaker.slidingWindowSize((int) value).build();
                case CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION -> breaker.slidingWindowDuration(duration).build();
                case CIRCUIT_BREAKER_MINIMUM_CALLS -> breaker.minimumNumberOfCalls((int) value).build();
                case CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD -> breaker.failureRateThreshold((int) value).build();
                case CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD -> breaker.slowCallDurationThreshold(duration).build();
                case CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD -> breaker.slowCallRateThreshold((int) value).build();
                case THROTTLE_K -> new ThrottleConfig(true, value, Duration.ofSeconds(120));
                case THROTTLE_WINDOW_SECONDS -> new ThrottleConfig(true, 2, duration);
                case RETRY_BUDGET_MAX_TOKENS -> new RetryBudgetConfig(true, (int) value, 0.1);
                case RETRY_BUDGET_TOKEN_RATIO -> new RetryBudgetConfig(true, 10, value);
                case RECOVERY_INITIAL_SECONDS -> breaker.recoveryInitialInterval(duration).build();
                case RECOVERY_MULTIPLIER -> breaker.recoveryMultiplier(value).build();
                case HEALTH_PROBE_INTERVAL_SECONDS -> breaker.healthProbeInterval(duration).build();
                case HEDGE_DELAY_SECONDS -> new HedgeConfig(true, duration, 0, 1, 0.05);
                case HEDGE_PERCENTILE -> new HedgeConfig(true, Duration.ofMillis(10), value, 1, 0.05);
                case HEDGE_MAX_HEDGES -> new HedgeConfig(true, Duration.ofMillis(10), 95, (int) value, 0.05);
                case HEDGE_BUDGET_RATIO -> new HedgeConfig(true, Duration.ofMillis(10), 95, 1, value);
                default -> throw new AssertionError("no Java setter mapped for " + key);
            }
            return true;
        } catch (IllegalArgumentException rejected) {
            assertThat(rejected).hasMessageContaining(key.javaName()).hasMessageContaining("between");
            return false;
        }
    }

    private static boolean acceptedByJson(AIServiceResilience resilience, ConfigKey key, double value) {
        String number = key.type() == ConfigKey.Type.INT ? String.valueOf((long) value) : String.valueOf(value);
        String partner = key == ConfigKey.EXPONENTIAL_MIN ? ", \"exponential_max\": 3600"
                : key == ConfigKey.EXPONENTIAL_MAX ? ", \"exponential_min\": 0" : "";
        return resilience.validateConfiguration("{\"" + key.jsonName() + "\": " + number + partner + "}").isValid();
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
