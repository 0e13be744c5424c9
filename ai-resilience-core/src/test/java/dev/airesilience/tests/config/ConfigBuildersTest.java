package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builders do what their javadoc says. */
class ConfigBuildersTest {

    /** Issue 10, item 22: the javadoc says "Switches to BackoffMode#FIXED with this delay". */
    @Test
    void fixedDelaySecondsSwitchesToFixedBackoffAndTheCallWaitsThatDelay() {
        RetryConfig retry = RetryConfig.builder().maxAttempts(4).fixedDelay(Duration.ofMillis(1500)).jitter(false).build();
        assertThat(retry.backoffMode()).isEqualTo(BackoffMode.FIXED);

        ManualClock clock = new ManualClock();
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ResilienceConfig config = ResilienceConfig.builder().retry(retry).build();
            ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
            assertThatThrownBy(() -> resilience.<String>withResilience("op", null, config, null).call(call))
                    .isInstanceOf(TransientAIException.class);
            // Exponential with the builder's defaults would wait 2 s, 2 s, 4 s.
            assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(1500), Duration.ofMillis(1500), Duration.ofMillis(1500));
        }
    }

    @Test
    void aLaterBackoffModeCallStillDecidesTheMode() {
        RetryConfig exponential = RetryConfig.builder().fixedDelay(Duration.ofMillis(1500)).backoffMode(BackoffMode.EXPONENTIAL).build();
        assertThat(exponential.backoffMode()).isEqualTo(BackoffMode.EXPONENTIAL);
        assertThat(exponential.fixedDelay()).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryConfig.builder().backoffMode(BackoffMode.FIXED).fixedDelay(Duration.ofSeconds(3)).build())
                .extracting(RetryConfig::backoffMode, RetryConfig::fixedDelay).containsExactly(BackoffMode.FIXED, Duration.ofSeconds(3));
    }

    @Test
    void toBuilderKeepsTheBackoffModeOfTheConfigItCopies() {
        RetryConfig exponential = RetryConfig.builder().fixedDelay(Duration.ofMillis(1500)).backoffMode(BackoffMode.EXPONENTIAL).build();
        assertThat(exponential.toBuilder().build()).isEqualTo(exponential);
        assertThat(exponential.toBuilder().maxAttempts(5).build().backoffMode()).isEqualTo(BackoffMode.EXPONENTIAL);
        assertThat(RetryConfig.DEFAULT.toBuilder().build()).isEqualTo(RetryConfig.DEFAULT);
        assertThat(RetryConfig.DEFAULT.backoffMode()).isEqualTo(BackoffMode.EXPONENTIAL);
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            assertThat(strategy.config().retry().toBuilder().build()).isEqualTo(strategy.config().retry());
            assertThat(strategy.config().toBuilder().build()).isEqualTo(strategy.config());
        }
        RetryConfig fixed = RetryConfig.builder().fixedDelay(Duration.ofMillis(500)).build();
        assertThat(fixed.toBuilder().build()).isEqualTo(fixed);
    }

    /** "Builds a ResilienceConfig, starting from DEFAULT" and "Builds a CircuitBreakerConfig, starting from DEFAULT". */
    @Test
    void resilienceAndCircuitBreakerBuildersStartFromTheirDefaults() {
        assertThat(ResilienceConfig.builder().build()).isEqualTo(ResilienceConfig.DEFAULT);
        assertThat(ResilienceConfig.DEFAULT.attemptTimeout()).isNull();
        assertThat(CircuitBreakerConfig.builder().build()).isEqualTo(CircuitBreakerConfig.DEFAULT)
                .isEqualTo(new CircuitBreakerConfig(5, Duration.ofSeconds(60), 1));
        assertThat(RetryConfig.builder().build()).isEqualTo(RetryConfig.DEFAULT);
        CircuitBreakerConfig custom = new CircuitBreakerConfig(7, Duration.ofSeconds(45), 3);
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        ResilienceConfig withTimeout = ResilienceConfig.DEFAULT.toBuilder().attemptTimeout(Duration.ofSeconds(3))
                .enableCircuitBreaker(false).build();
        assertThat(withTimeout.toBuilder().build()).isEqualTo(withTimeout);
    }

    /** The record's documented ranges are what the builders enforce, with the field, range and value in the message. */
    @Test
    void resilienceConfigBuilderRejectsWhatItsJavadocExcludes() {
        assertThat(ResilienceConfig.builder().attemptTimeout(Duration.ZERO).build().attemptTimeout())
                .as("zero means no attempt timeout, as 0 does in JSON").isNull();
        assertThatThrownBy(() -> ResilienceConfig.builder().attemptTimeout(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("attemptTimeout must be between 0s and 3600s (inclusive), but was -1ms");
        assertThat(ResilienceConfig.builder().attemptTimeout(Duration.ofMillis(1)).build().attemptTimeout())
                .isEqualTo(Duration.ofMillis(1));
        assertThat(ResilienceConfig.builder().attemptTimeout(Duration.ofHours(1)).build().attemptTimeout())
                .isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ResilienceConfig.builder().attemptTimeout(Duration.ofHours(1).plusNanos(1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attemptTimeout");
        assertThatThrownBy(() -> ResilienceConfig.builder().strategy(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("strategy must not be null");
        assertThatThrownBy(() -> ResilienceConfig.builder().circuitBreaker(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("circuitBreaker must not be null");
    }
}
