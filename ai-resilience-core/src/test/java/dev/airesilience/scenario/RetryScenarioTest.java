package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.BackoffMode;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RetryScenarioTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @Test
    void maxAttemptsCountsTheFirstCall() {
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(3, 50), null).call(call))
                .isInstanceOf(ServiceUnavailableException.class);
        assertThat(call.invocations()).isEqualTo(3);
    }

    @Test
    void succeedsOnTheThirdAttemptAfterExponentialDelays() {
        ScriptedCall<String> call = ScriptedCall.<String>failing(new ServiceUnavailableException("a"),
                new TransientAIException("b")).thenReturn("ok");
        String result = resilience.<String>withResilience("op", null, Orchestrators.config(5, 50), null).call(call);
        assertThat(result).isEqualTo("ok");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.totalCalls()).isEqualTo(1);
        assertThat(metrics.successfulCalls()).isEqualTo(1);
        assertThat(metrics.failedCalls()).isZero();
        assertThat(metrics.retryAttempts()).isEqualTo(2);
        assertThat(metrics.attempts()).isEqualTo(3);
    }

    @Test
    void delaysFollowTheSeedFormulaForEachStrategy() {
        // clamp(multiplier * 2^(k-1), min, max), jitter off: AGGRESSIVE 1 s; CONSERVATIVE 4, 4, 8, 16 s.
        ResilienceConfig conservative = noJitter(ResilienceStrategy.CONSERVATIVE);
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        assertThatThrownBy(() -> resilience.<String>withResilience("c", null, conservative, null).call(call))
                .isInstanceOf(TransientAIException.class);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(4), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16));
    }

    @Test
    void jitterAddsAtMostJitterMax() {
        AIServiceResilience seeded = AIServiceResilience.builder().clock(clock).random(new Random(7)).build();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        assertThatThrownBy(() -> seeded.<String>withResilience("op", ResilienceStrategy.BALANCED).call(call))
                .isInstanceOf(TransientAIException.class);
        assertThat(clock.sleeps()).hasSize(2).allSatisfy(sleep ->
                assertThat(sleep).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4)));
    }

    @Test
    void fixedDelayModeWaitsTheSameBeforeEveryAttempt() {
        ResilienceConfig fixed = ResilienceConfig.builder().retry(RetryConfig.builder().maxAttempts(4)
                .backoffMode(BackoffMode.FIXED).fixedDelay(Duration.ofMillis(1500)).jitter(false).build()).build();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, fixed, null).call(call))
                .isInstanceOf(TransientAIException.class);
        assertThat(clock.sleeps()).containsOnly(Duration.ofMillis(1500)).hasSize(3);
    }

    @Test
    void neverStartsASleepThatWouldEndPastTheBudget() {
        // 10 s budget, delays 4, 8: the second sleep would end at 12 s > 10 s, so the engine gives up at once.
        ResilienceConfig config = ResilienceConfig.builder().retry(RetryConfig.builder().maxAttempts(10)
                .maxDelay(Duration.ofSeconds(10)).exponentialMultiplier(Duration.ofSeconds(4)).exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(60)).jitter(false).build()).build();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, config, null).call(call))
                .isInstanceOf(TransientAIException.class);
        assertThat(call.invocations()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(4));
        assertThat(clock.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void retryAfterIsALowerBoundForTheNextDelay() {
        ScriptedCall<String> call = ScriptedCall.<String>failing(new RateLimitException("429", Duration.ofSeconds(7)))
                .thenReturn("ok");
        assertThat(resilience.<String>withResilience("op", null, Orchestrators.config(3, 5), null).call(call)).isEqualTo("ok");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterBeyondTheBudgetGoesToTheFallbackAtOnceWithoutSleeping() {
        ScriptedCall<String> call = ScriptedCall.<String>failing(new RateLimitException("429", Duration.ofSeconds(120)))
                .thenReturn("never");
        String result = resilience.<String>withResilience("op", null, Orchestrators.config(3, 5),
                Fallback.value("degraded")).call(call);
        assertThat(result).isEqualTo("degraded");
        assertThat(call.invocations()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void permanentFailuresAreNotRetriedAndForeignOnesAreWrapped() {
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new IllegalArgumentException("bad prompt"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(5, 5), null).call(call))
                .isInstanceOf(PermanentAIException.class)
                .hasMessageContaining("bad prompt")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(call.invocations()).isEqualTo(1);
    }

    @Test
    void foreignTransientFailuresAreRetriedAndSurfaceAsTransientWithTheCause() {
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new ConnectException("refused"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(2, 5), null).call(call))
                .isExactlyInstanceOf(TransientAIException.class)
                .hasCauseInstanceOf(ConnectException.class);
        assertThat(call.invocations()).isEqualTo(2);
    }

    @Test
    void disabledRetryMakesExactlyOneAttempt() {
        ResilienceConfig config = Orchestrators.config(5, 5).toBuilder().enableRetry(false).build();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new IOException("reset"));
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, config, null).call(call))
                .isInstanceOf(TransientAIException.class);
        assertThat(call.invocations()).isEqualTo(1);
    }

    @Test
    void listenerIsToldOperationAttemptDelayAndCauseOfEveryRetry() {
        List<RetryEvent> events = new CopyOnWriteArrayList<>();
        AIServiceResilience observed = AIServiceResilience.builder().clock(clock).listener(new ResilienceListener() {
            @Override
            public void onRetry(RetryEvent event) {
                events.add(event);
            }
        }).build();
        TransientAIException first = new TransientAIException("first");
        ScriptedCall<String> call = ScriptedCall.<String>failing(first, new TransientAIException("second")).thenReturn("ok");
        observed.<String>withResilience("summarize", null, Orchestrators.config(3, 5), null).call(call);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).operation()).isEqualTo("summarize");
        assertThat(events.get(0).attempt()).isEqualTo(1);
        assertThat(events.get(0).delay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(events.get(0).cause()).isSameAs(first);
        assertThat(events.get(1).attempt()).isEqualTo(2);
        assertThat(observed.getMetrics("summarize").retryAttempts()).isEqualTo(2);
    }

    @Test
    void aThrowingListenerNeverBreaksTheCall() {
        AIServiceResilience observed = AIServiceResilience.builder().clock(clock).listener(new ResilienceListener() {
            @Override
            public void onRetry(RetryEvent event) {
                throw new IllegalStateException("listener bug");
            }
        }).build();
        ScriptedCall<String> call = ScriptedCall.<String>failing(new TransientAIException("x")).thenReturn("ok");
        assertThat(observed.<String>withResilience("op", null, Orchestrators.config(3, 5), null).call(call)).isEqualTo("ok");
    }

    @Test
    void anInterruptDuringBackoffEndsTheCallAtOnceWithTheFlagRestored() throws Exception {
        AIServiceResilience interrupting = AIServiceResilience.builder()
                .timeSource(clock)
                .sleeper(duration -> {
                    throw new InterruptedException("interrupted while sleeping " + duration);
                })
                .build();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                interrupting.<String>withResilience("op", null, Orchestrators.config(5, 5), Fallback.value("fb")).call(call);
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        worker.join();
        assertThat(thrown.get()).isInstanceOf(CallInterruptedException.class);
        assertThat(flag.get()).isTrue();
        assertThat(call.invocations()).isEqualTo(1);
        assertThat(interrupting.getMetrics("op").failedCalls()).isEqualTo(1);
        assertThat(interrupting.getMetrics("op").fallbackCalls()).isZero();
    }

    @Test
    void errorsPropagateUntouchedAndAreNeverRetried() {
        OutOfMemoryError oom = new OutOfMemoryError("simulated");
        int[] invocations = {0};
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(5, 5),
                Fallback.value("fb")).call(() -> {
                    invocations[0]++;
                    throw oom;
                })).isSameAs(oom);
        assertThat(invocations[0]).isEqualTo(1);
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").fallbackCalls()).isZero();
    }

    @Test
    void fallbackReasonSaysWhyItWasUsed() {
        AtomicReference<FallbackReason> reason = new AtomicReference<>();
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        resilience.<String>withResilience("op", null, Orchestrators.config(2, 50), context -> {
            reason.set(context.reason());
            assertThat(context.attempts()).isEqualTo(2);
            return "fb";
        }).call(call);
        assertThat(reason.get()).isEqualTo(FallbackReason.RETRIES_EXHAUSTED);
    }

    private static ResilienceConfig noJitter(ResilienceStrategy strategy) {
        ResilienceConfig config = strategy.config();
        return config.toBuilder().retry(config.retry().toBuilder().jitter(false).build()).build();
    }
}
