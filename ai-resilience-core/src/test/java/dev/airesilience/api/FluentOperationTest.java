package dev.airesilience.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Issue 11: "a fluent form that needs no positional nulls", equivalent to the seed-named positional one. */
class FluentOperationTest {

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void fluentStrategyAndFallbackBehaveExactlyAsThePositionalForm(CallPath path) {
        Duration fluentElapsed;
        int fluentInvocations;
        AtomicReference<FallbackReason> reason = new AtomicReference<>();
        ManualClock clock = ManualClock.autoAdvancing();
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("busy"));
            ResilienceDecorator<String> decorator = resilience.operation("chat")
                    .strategy(ResilienceStrategy.CRITICAL)
                    .fallback(context -> {
                        reason.set(context.reason());
                        return "fallback answer";
                    });
            assertThat(path.run(decorator, call)).isEqualTo("fallback answer");
            fluentElapsed = clock.elapsed();
            fluentInvocations = call.invocations();
            assertThat(reason.get()).isEqualTo(FallbackReason.RETRIES_EXHAUSTED);
        }

        ManualClock positionalClock = ManualClock.autoAdvancing();
        try (AIServiceResilience resilience = Orchestrators.virtual(positionalClock)) {
            ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("busy"));
            ResilienceDecorator<String> decorator =
                    resilience.withResilience("chat", ResilienceStrategy.CRITICAL, null, context -> "fallback answer");
            assertThat(path.run(decorator, call)).isEqualTo("fallback answer");
            assertThat(call.invocations()).isEqualTo(fluentInvocations)
                    .isEqualTo(ResilienceStrategy.CRITICAL.config().retry().maxAttempts());
            assertThat(positionalClock.elapsed()).as("the same waits").isEqualTo(fluentElapsed).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void anExplicitConfigWinsOverTheStrategyAsCustomConfigDoes(CallPath path) {
        ManualClock clock = ManualClock.autoAdvancing();
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ResilienceConfig twoQuickAttempts = ResilienceConfig.builder().retry(RetryConfig.builder().maxAttempts(2)
                    .exponentialBackoff(Duration.ofMillis(20), Duration.ofMillis(20), Duration.ofMillis(20))
                    .jitter(false).build()).build();
            ScriptedCall<String> call = ScriptedCall.<String>failing(new TransientAIException("once")).thenReturn("ok");
            ResilienceDecorator<String> decorator = resilience.operation("chat")
                    .strategy(ResilienceStrategy.CRITICAL).config(twoQuickAttempts).decorator();
            assertThat(decorator.currentConfig()).isEqualTo(twoQuickAttempts);
            assertThat(path.run(decorator, call)).isEqualTo("ok");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(20));
        }
    }

    @Test
    void withoutAFallbackTheCallsOwnTypeIsTheResultAndFailuresAreThrown() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            String answer = resilience.operation("chat").call(() -> "hello");
            assertThat(answer).isEqualTo("hello");
            assertThatThrownBy(() -> resilience.operation("chat").call(() -> {
                throw new PermanentAIException("bad request");
            })).isInstanceOf(PermanentAIException.class);
            assertThat(resilience.operation("chat").<String>callAsync(
                    () -> java.util.concurrent.CompletableFuture.completedFuture("async")).join()).isEqualTo("async");
        }
    }

    @Test
    void theOperationNameIsCheckedWhenNamedAndNullsAreRefusedByName() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            assertThatThrownBy(() -> resilience.operation("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> resilience.operation("chat").strategy(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("strategy");
            assertThatThrownBy(() -> resilience.operation("chat").fallback(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("fallback");
        }
    }
}
