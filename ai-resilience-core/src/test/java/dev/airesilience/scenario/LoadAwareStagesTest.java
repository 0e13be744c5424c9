package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: adaptive client-side throttling and the retry budget, configured by JSON like every other key, off by
 * default, and visible as their own fallback reasons and metrics, through the blocking and the asynchronous path.
 */
class LoadAwareStagesTest {

    /** Every draw is 0.5: the throttle rejects exactly when its probability exceeds one half. */
    private static final RandomGenerator HALF = () -> 1L << 63;

    private static AIServiceResilience orchestrator(ManualClock clock) {
        return AIServiceResilience.builder().clock(clock).random(HALF).build();
    }

    @Test
    void bothAreOffByDefaultAndJsonKeysTurnThemOnForEveryStrategy() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            ResilienceConfig before = resilience.getOperationConfig("chat");
            assertThat(before.throttle()).isEqualTo(ThrottleConfig.DEFAULT);
            assertThat(before.retryBudget()).isEqualTo(RetryBudgetConfig.DEFAULT);
            assertThat(before.throttle().enabled()).isFalse();
            assertThat(before.retryBudget().enabled()).isFalse();

            resilience.updateConfiguration("{\"throttle_enabled\": true, \"throttle_k\": 1.5, \"throttle_window_seconds\": 30,"
                    + " \"retry_budget_enabled\": true, \"retry_budget_max_tokens\": 4, \"retry_budget_token_ratio\": 0.25}");
            resilience.registerOperation("critical-op", ResilienceStrategy.CRITICAL);
            for (String operation : List.of("chat", "critical-op")) {
                ResilienceConfig config = resilience.getOperationConfig(operation);
                assertThat(config.throttle()).isEqualTo(new ThrottleConfig(true, 1.5, Duration.ofSeconds(30)));
                assertThat(config.retryBudget()).isEqualTo(new RetryBudgetConfig(true, 4, 0.25));
            }
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingFieldRangeAndValue() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            ValidationResult k = resilience.validateConfiguration("{\"throttle_k\": 0.5}");
            assertThat(k.errors()).singleElement().asString().contains("throttle_k")
                    .contains("between 1 and 10 (inclusive)").contains("0.5");
            ValidationResult window = resilience.validateConfiguration("{\"throttle_window_seconds\": 1.5}");
            assertThat(window.errors()).singleElement().asString().contains("throttle_window_seconds")
                    .contains("whole number of seconds between 1 and 600").contains("1.5");
            ValidationResult ratio = resilience.validateConfiguration("{\"retry_budget_token_ratio\": 2}");
            assertThat(ratio.errors()).singleElement().asString().contains("retry_budget_token_ratio")
                    .contains("between 0.001 and 1 (inclusive)").contains("2");
            assertThat(resilience.validateConfiguration("{\"retry_budget_enabled\": \"yes\"}").isValid()).isFalse();
        }
        assertThatThrownBy(() -> new ThrottleConfig(true, 11, Duration.ofSeconds(120)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ThrottleConfig.k must be between 1 and 10 (inclusive), but was 11.0");
        assertThatThrownBy(() -> new RetryBudgetConfig(true, 0, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RetryBudgetConfig.maxTokens must be between 1 and 1000 (inclusive), but was 0");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void theThrottleShedsRetriesThenCallsWhileTheProviderRefusesAndForgetsOnceTheWindowSlides(CallPath path) {
        ManualClock clock = ManualClock.autoAdvancing();
        try (AIServiceResilience resilience = orchestrator(clock)) {
            resilience.updateConfiguration("{\"throttle_enabled\": true, \"enable_circuit_breaker\": false}");
            List<FallbackReason> reasons = new ArrayList<>();
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, null, context -> {
                reasons.add(context.reason());
                return "fallback";
            });
            ScriptedCall<String> outage = ScriptedCall.<String>failing()
                    .thenAlwaysThrow(new ServiceUnavailableException("503 overloaded"));
            assertThat(path.run(decorator, outage)).isEqualTo("fallback");
            // No accepts, K = 2: p = r / (r + 1): 0 and 1/2 are not above the draw, 2/3 is: the second retry is shed.
            assertThat(outage.invocations()).isEqualTo(2);
            assertThat(path.run(decorator, outage)).isEqualTo("fallback");
            assertThat(outage.invocations()).as("the next call is shed before it reaches the provider").isEqualTo(2);
            assertThat(reasons).containsExactly(FallbackReason.RETRIES_EXHAUSTED, FallbackReason.CLIENT_THROTTLED);
            assertThat(resilience.getMetrics("chat").reasons()).containsEntry("fallback",
                    java.util.Map.of("exhausted", 1L, "client_throttled", 1L));

            clock.advance(Duration.ofSeconds(121)); // the default 120 s window slides past the refusals
            ScriptedCall<String> recovered = ScriptedCall.<String>failing().thenReturn("ok");
            assertThat(path.run(decorator, recovered)).isEqualTo("ok");
            assertThat(recovered.invocations()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void theRetryBudgetStopsRetriesDuringAnOutageWithItsOwnReason(CallPath path) {
        try (AIServiceResilience resilience = orchestrator(ManualClock.autoAdvancing())) {
            resilience.updateConfiguration("{\"retry_budget_enabled\": true, \"retry_budget_max_tokens\": 4,"
                    + " \"retry_attempts\": 5, \"enable_circuit_breaker\": false}");
            List<String> seen = new ArrayList<>();
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, null, context -> {
                seen.add(context.reason() + " after " + context.attempts());
                return "fallback";
            });
            ScriptedCall<String> outage = ScriptedCall.<String>failing()
                    .thenAlwaysThrow(new ServiceUnavailableException("503 overloaded"));
            for (int i = 0; i < 3; i++) {
                assertThat(path.run(decorator, outage)).isEqualTo("fallback");
            }
            // 4 tokens, retries above 2: the first call fails at 3 (retry) and 2 (stop); the others at 1 and 0.
            assertThat(outage.invocations()).isEqualTo(4);
            assertThat(seen).containsExactly("RETRY_BUDGET after 2", "RETRY_BUDGET after 1", "RETRY_BUDGET after 1");
            assertThat(resilience.getMetrics("chat").reasons()).containsEntry("fallback",
                    java.util.Map.of("retry_budget", 3L));
        }
    }
}
