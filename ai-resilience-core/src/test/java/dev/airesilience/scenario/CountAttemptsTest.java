package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 11: what a breaker counts (one outcome per logical call, the default, or one per attempt) is an option. */
class CountAttemptsTest {

    private static ResilienceConfig config(boolean countAttempts) {
        return ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(5).jitter(false)
                        .exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(100)).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).recoveryTimeout(Duration.ofSeconds(10))
                        .countAttempts(countAttempts).build())
                .build();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void countingAttemptsOpensTheCircuitAfterThresholdRequestsAndStopsTheRetries(CallPath path) {
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing())) {
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, config(true), c -> "fallback");
            ScriptedCall<String> outage = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("down"));
            assertThat(path.run(decorator, outage)).isEqualTo("fallback");
            assertThat(outage.invocations()).as("the second failed attempt opens the circuit; no third request").isEqualTo(2);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.OPEN);

            ScriptedCall<String> next = ScriptedCall.<String>failing().thenReturn("ok");
            assertThat(path.run(decorator, next)).isEqualTo("fallback");
            assertThat(next.invocations()).as("rejected while open").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void countingCallsByDefaultNeedsThresholdCallsWithAllTheirRetries(CallPath path) {
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing())) {
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, config(false), c -> "fallback");
            ScriptedCall<String> outage = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("down"));
            path.run(decorator, outage);
            assertThat(outage.invocations()).isEqualTo(5);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
            path.run(decorator, outage);
            assertThat(outage.invocations()).isEqualTo(10);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.OPEN);
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aSuccessfulAttemptResetsTheCountOfFailedAttempts(CallPath path) {
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing())) {
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, config(true), c -> "fallback");
            for (int i = 0; i < 3; i++) {
                ScriptedCall<String> flaky = ScriptedCall.<String>failing(new ServiceUnavailableException("blip")).thenReturn("ok");
                assertThat(path.run(decorator, flaky)).isEqualTo("ok");
            }
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().failureCount()).isZero();
        }
    }

    @Test
    void isAJsonKeyOfTheOneRangeTableAndAppliesToEveryStrategy() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            assertThat(resilience.getOperationConfig("chat").circuitBreaker().countAttempts()).isFalse();
            resilience.updateConfiguration("{\"circuit_breaker_count_attempts\": true}");
            assertThat(resilience.getOperationConfig("chat").circuitBreaker().countAttempts()).isTrue();
            resilience.registerOperation("critical-op", ResilienceStrategy.CRITICAL);
            assertThat(resilience.getOperationConfig("critical-op").circuitBreaker().countAttempts()).isTrue();
            assertThat(resilience.validateConfiguration("{\"circuit_breaker_count_attempts\": \"yes\"}").isValid()).isFalse();
        }
    }
}
