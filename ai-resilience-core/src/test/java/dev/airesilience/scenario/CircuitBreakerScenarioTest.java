package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.health.CircuitState;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CircuitBreakerScenarioTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);
    /** One attempt per call, breaker opens after 3 counted failures, stays open 30 s. */
    private final ResilienceConfig config = Orchestrators.config(1, 3);

    private ResilienceDecorator<String> op(String name) {
        return resilience.withResilience(name, null, config, null);
    }

    private void failTimes(String name, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> op(name).call(() -> {
                throw new ServiceUnavailableException("503");
            })).isInstanceOf(ServiceUnavailableException.class).isNotInstanceOf(CircuitOpenException.class);
        }
    }

    @Test
    void opensAfterFailureThresholdConsecutiveCountedFailures() {
        failTimes("op", 2);
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
        failTimes("op", 1);
        assertThat(state("op")).isEqualTo(CircuitState.OPEN);
        assertThat(resilience.isHealthy()).isFalse();
    }

    @Test
    void aSuccessResetsTheConsecutiveCount() {
        failTimes("op", 2);
        op("op").call(() -> "ok");
        failTimes("op", 2);
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
        assertThat(resilience.getCircuitBreaker("op").orElseThrow().failureCount()).isEqualTo(2);
    }

    @Test
    void whileOpenCallsAreRejectedFastWithoutInvokingTheFunction() {
        failTimes("op", 3);
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenReturn("ok");
        assertThatThrownBy(() -> op("op").call(call))
                .isInstanceOf(CircuitOpenException.class)
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("Circuit breaker is open for operation 'op'")
                .hasMessageContaining("in 30000 ms");
        assertThat(call.invocations()).isZero();
        CircuitOpenException rejection = catchOpen(() -> op("op").call(call));
        assertThat(rejection.retryAt()).isEqualTo(clock.now().plusSeconds(30));
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.rejectedCalls()).isEqualTo(2);
        // Three disjoint outcomes (seed §6.2): the two rejected calls never ran, so they are not failures.
        assertThat(metrics.failedCalls()).isEqualTo(3);
        assertThat(metrics.successfulCalls()).isZero();
        assertThat(metrics.totalCalls()).isEqualTo(5);
        assertThat(metrics.failureRate()).isEqualTo(60.0);
    }

    @Test
    void anOpenCircuitAnswersWithTheFallbackAndSaysWhy() {
        failTimes("op", 3);
        AtomicReference<FallbackReason> reason = new AtomicReference<>();
        String result = op("op").withFallback(context -> {
            reason.set(context.reason());
            return "cached answer";
        }).call(() -> "live");
        assertThat(result).isEqualTo("cached answer");
        assertThat(reason.get()).isEqualTo(FallbackReason.CIRCUIT_OPEN);
        assertThat(resilience.getMetrics("op").fallbackCalls()).isEqualTo(1);
    }

    @Test
    void recoversThroughHalfOpenOnASuccessfulTrialWithExactCounters() {
        failTimes("op", 3);
        clock.advance(Duration.ofSeconds(31));
        assertThat(state("op")).isEqualTo(CircuitState.HALF_OPEN);
        assertThat(resilience.isHealthy()).isTrue();
        assertThat(op("op").call(() -> "recovered")).isEqualTo("recovered");
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.circuitBreakerOpens()).isEqualTo(1);
        assertThat(metrics.circuitBreakerHalfOpens()).isEqualTo(1);
        assertThat(metrics.circuitBreakerCloses()).isEqualTo(1);
    }

    @Test
    void aFailedTrialReopensTheCircuitForAnotherRecoveryTimeout() {
        failTimes("op", 3);
        clock.advance(Duration.ofSeconds(31));
        failTimes("op", 1);
        assertThat(state("op")).isEqualTo(CircuitState.OPEN);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(29));
        assertThat(state("op")).isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofSeconds(2));
        assertThat(op("op").call(() -> "ok")).isEqualTo("ok");
        assertThat(resilience.getMetrics("op").circuitBreakerCloses()).isEqualTo(1);
    }

    @Test
    void theInitialClosedStateIsNotCountedAsAClose() {
        op("op").call(() -> "ok");
        assertThat(resilience.getMetrics("op").circuitBreakerCloses()).isZero();
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isZero();
    }

    @Test
    void permanentErrorsAreNeutralForTheBreaker() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> op("op").call(() -> {
                throw new PermanentAIException("400 bad request");
            })).isInstanceOf(PermanentAIException.class);
        }
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
        failTimes("op", 2);
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void permanentErrorDuringAHalfOpenTrialGivesTheSlotBack() {
        failTimes("op", 3);
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> op("op").call(() -> {
            throw new PermanentAIException("400");
        })).isInstanceOf(PermanentAIException.class);
        assertThat(op("op").call(() -> "trial")).isEqualTo("trial");
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void rateLimitsDoNotTripTheBreaker() {
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> op("op").call(() -> {
                throw new RateLimitException("429", null);
            })).isInstanceOf(RateLimitException.class);
        }
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theBreakerIsCheckedBeforeEveryAttemptSoRetriesStopWhenItOpens() {
        ResilienceConfig retrying = Orchestrators.config(5, 1);
        ScriptedCall<String> first = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down"));
        // While the first call sleeps between attempts, another call trips the breaker (threshold 1).
        AIServiceResilience[] holder = new AIServiceResilience[1];
        AIServiceResilience interleaved = AIServiceResilience.builder().timeSource(clock).sleeper(duration -> {
            clock.advance(duration);
            if (holder[0].getMetrics("shared").failedCalls() == 0) {
                assertThatThrownBy(() -> holder[0].<String>withResilience("shared", null, Orchestrators.config(1, 1), null)
                        .call(() -> {
                            throw new TransientAIException("other caller");
                        })).isInstanceOf(TransientAIException.class);
            }
        }).build();
        holder[0] = interleaved;
        assertThatThrownBy(() -> interleaved.<String>withResilience("shared", null, retrying.toBuilder()
                .circuitBreaker(new CircuitBreakerConfig(1, Duration.ofSeconds(30), 1)).build(), null).call(first))
                .isInstanceOf(TransientAIException.class);
        assertThat(first.invocations()).isEqualTo(1);
    }

    @Test
    void breakersAreIsolatedPerOperation() {
        failTimes("operation_a", 3);
        assertThat(op("operation_b").call(() -> "b")).isEqualTo("b");
        assertThat(op("operation_c").call(() -> "c")).isEqualTo("c");
        HealthStatus health = resilience.getHealthStatus();
        assertThat(health.healthy()).isFalse();
        assertThat(health.openCircuitBreakers()).containsExactly("operation_a");
        assertThat(health.halfOpenCircuitBreakers()).isEmpty();
        assertThat(health.totalCircuitBreakers()).isEqualTo(3);
    }

    @Test
    void manualResetClosesTheBreakerAndKeepsMetrics() {
        failTimes("op", 3);
        assertThat(resilience.resetCircuitBreaker("op")).isTrue();
        assertThat(state("op")).isEqualTo(CircuitState.CLOSED);
        assertThat(resilience.getCircuitBreaker("op").orElseThrow().failureCount()).isZero();
        assertThat(resilience.getCircuitBreaker("op").orElseThrow().lastFailureTime()).isNull();
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(3);
        assertThat(resilience.resetCircuitBreaker("unknown")).isFalse();
        assertThat(op("op").call(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void aChangedConfigurationRebuildsTheBreakerButKeepsAnOpenCircuitOpen() {
        failTimes("op", 3);
        ResilienceConfig changed = config.toBuilder().circuitBreaker(new CircuitBreakerConfig(10, Duration.ofSeconds(60), 2)).build();
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, changed, null).call(() -> "x"))
                .isInstanceOf(CircuitOpenException.class);
        assertThat(resilience.getCircuitBreaker("op").orElseThrow().failureThreshold()).isEqualTo(10);
        assertThat(state("op")).isEqualTo(CircuitState.OPEN);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
    }

    @Test
    void breakersAreVisibleInTheResilience4jRegistry() {
        op("summarize").call(() -> "ok");
        CircuitBreaker breaker = resilience.circuitBreakerRegistry().circuitBreaker("summarize");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        failTimes("summarize", 3);
        assertThat(resilience.circuitBreakerRegistry().circuitBreaker("summarize").getState())
                .isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void getOrCreateReturnsTheSameBreakerForTheSameName() {
        CircuitBreaker first = resilience.getOrCreateCircuitBreaker("x", CircuitBreakerConfig.DEFAULT);
        CircuitBreaker again = resilience.getOrCreateCircuitBreaker("x", new CircuitBreakerConfig(9, Duration.ofSeconds(9), 1));
        CircuitBreaker other = resilience.getOrCreateCircuitBreaker("y", CircuitBreakerConfig.DEFAULT);
        assertThat(again).isSameAs(first);
        assertThat(other).isNotSameAs(first);
    }

    @Test
    void disabledBreakerNeverRejects() {
        ResilienceConfig noBreaker = config.toBuilder().enableCircuitBreaker(false).build();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> resilience.<String>withResilience("op", null, noBreaker, null).call(() -> {
                throw new ServiceUnavailableException("503");
            })).isNotInstanceOf(CircuitOpenException.class);
        }
        assertThat(resilience.getCircuitBreaker("op")).isEmpty();
    }

    private CircuitState state(String name) {
        return resilience.getCircuitBreaker(name).orElseThrow().state();
    }

    private static CircuitOpenException catchOpen(Runnable runnable) {
        try {
            runnable.run();
        } catch (CircuitOpenException e) {
            return e;
        }
        throw new AssertionError("expected the circuit to reject the call");
    }
}
