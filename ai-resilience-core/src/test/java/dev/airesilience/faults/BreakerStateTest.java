package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The breaker keeps one state per operation whatever the settings of the calls that use it, follows monotonic time,
 * and admits exactly its half-open trials (issue 10: items 2, 4, 8, 9, 17, 19, 23). Each scenario runs through the
 * blocking and the asynchronous driver where both apply.
 */
class BreakerStateTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private AIServiceResilience resilience = Orchestrators.virtual(clock);

    @AfterEach
    void close() {
        resilience.close();
    }

    private static ResilienceConfig config(int attempts, int threshold, int recoverySeconds) {
        return Orchestrators.config(attempts, threshold).toBuilder()
                .circuitBreaker(new CircuitBreakerConfig(threshold, Duration.ofSeconds(recoverySeconds), 1)).build();
    }

    private <T> T call(CallPath path, ResilienceConfig config, ScriptedCall<T> function) {
        return path.run(resilience.<T>withResilience("op", null, config, null), function);
    }

    private void failOnce(CallPath path, ResilienceConfig config, ScriptedCall<String> function) {
        assertThatThrownBy(() -> call(path, config, function)).isInstanceOf(RuntimeException.class);
    }

    private CircuitBreakerSnapshot breaker() {
        return resilience.getCircuitBreaker("op").orElseThrow();
    }

    // ---------------------------------------------------------------- item 2: settings change, state stays

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void twoDecoratorsWithDifferentThresholdsShareOneBreakerThatOpens(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        ResilienceConfig aggressive = config(1, 3, 30);
        ResilienceConfig critical = config(1, 5, 60);

        for (int i = 0; i < 200; i++) {
            failOnce(path, i % 2 == 0 ? aggressive : critical, provider);
        }

        assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(provider.invocations()).as("provider requests before the breaker opened").isLessThanOrEqualTo(5);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
        assertThat(breaker().failureCount()).isLessThanOrEqualTo(breaker().failureThreshold()); // item 23
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aSettingsChangeDoesNotRestartTheOpenPeriod(CallPath path) {
        failOnce(path, config(1, 1, 30), ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down")));
        ResilienceConfig other = config(1, 2, 30);

        clock.advance(Duration.ofSeconds(20));
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenReturn("back");
        assertThatThrownBy(() -> call(path, other, provider)).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(11));

        assertThat(call(path, other, provider)).isEqualTo("back");
        assertThat(provider.invocations()).isEqualTo(1);
        assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aRaisedThresholdCountsTheFailuresAlreadySeen(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down"));
        for (int i = 0; i < 4; i++) {
            failOnce(path, config(1, 5, 30), provider);
        }
        failOnce(path, config(1, 6, 30), provider);
        assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker().failureCount()).isEqualTo(5);

        failOnce(path, config(1, 6, 30), provider);

        assertThat(breaker().state()).as("open after 6 failures in all").isEqualTo(CircuitState.OPEN);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aStormOfRuntimeUpdatesNeitherLetsFailuresThroughNorLosesTheOpening(CallPath path) {
        resilience.updateConfiguration("{\"retry_attempts\": 1, \"circuit_breaker_threshold\": 5}");
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down"));

        for (int i = 0; i < 100; i++) {
            resilience.updateConfiguration("{\"retry_attempts\": 1, \"circuit_breaker_threshold\": " + (i % 2 == 0 ? 6 : 7)
                    + ", \"recovery_timeout\": " + (i % 2 == 0 ? 60 : 61) + "}");
            assertThatThrownBy(() -> path.run(resilience.<String>withOperationResilience("op"), provider))
                    .isInstanceOf(RuntimeException.class);
        }

        assertThat(provider.invocations()).isLessThanOrEqualTo(7);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- item 9: a trial call is one request

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aHalfOpenTrialIsNotRetried(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        ResilienceConfig fiveAttempts = config(5, 1, 30);
        failOnce(path, fiveAttempts, provider);
        assertThat(provider.invocations()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(31));

        failOnce(path, fiveAttempts, provider);

        assertThat(provider.invocations()).as("one provider request for the trial").isEqualTo(6);
        assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);
    }

    // ---------------------------------------------------------------- item 19: permanent answers end half-open

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aTrialAnsweredWithAPermanentErrorClosesTheCircuit(CallPath path) {
        ResilienceConfig config = config(1, 1, 30);
        failOnce(path, config, ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down")));
        clock.advance(Duration.ofSeconds(31));

        failOnce(path, config, ScriptedCall.<String>failing().thenAlwaysThrow(new PermanentAIException("400 bad request")));

        assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(call(path, config, ScriptedCall.<String>failing().thenReturn("ok"))).isEqualTo("ok");
    }

    // ---------------------------------------------------------------- item 17: monotonic time

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aBackwardWallClockStepDoesNotStretchTheOpenPeriod(CallPath path) {
        ManualClock monotonic = ManualClock.autoAdvancing();
        SteppingWallClock wall = new SteppingWallClock(monotonic);
        resilience.close();
        resilience = AIServiceResilience.builder().timeSource(wall).sleeper(monotonic).scheduler(monotonic)
                .random(new Random(1)).build();
        ResilienceConfig config = config(1, 1, 30);
        failOnce(path, config, ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down")));

        wall.stepBack(Duration.ofHours(1));
        monotonic.advance(Duration.ofSeconds(31));

        assertThat(call(path, config, ScriptedCall.<String>failing().thenReturn("ok"))).isEqualTo("ok");
        assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    /** Monotonic time from a {@link ManualClock}; wall time that can be stepped back, as NTP or an operator does. */
    private static final class SteppingWallClock implements TimeSource {
        private final ManualClock monotonic;
        private volatile Duration offset = Duration.ZERO;

        SteppingWallClock(ManualClock monotonic) {
            this.monotonic = monotonic;
        }

        void stepBack(Duration step) {
            offset = offset.plus(step);
        }

        @Override
        public long nanoTime() {
            return monotonic.nanoTime();
        }

        @Override
        public Instant now() {
            return monotonic.now().minus(offset);
        }
    }

    // ---------------------------------------------------------------- items 4, 8, 23: calls in flight

    /** A virtual-time orchestrator whose scheduled waits run only when the test advances the clock. */
    private AIServiceResilience manual(ManualClock manualClock) {
        resilience.close();
        resilience = AIServiceResilience.builder().timeSource(manualClock).sleeper(manualClock)
                .scheduler((Scheduler) manualClock).random(new Random(3)).build();
        return resilience;
    }

    @Test
    void aCallAdmittedWhileClosedThatEndsNeutralDoesNotAddAHalfOpenTrial() {
        ManualClock manualClock = new ManualClock();
        manual(manualClock);
        ResilienceConfig config = config(1, 1, 30);
        CompletableFuture<String> admittedWhileClosed = new CompletableFuture<>();
        CompletableFuture<String> a = resilience.<String>withResilience("op", null, config, null).callAsync(() -> admittedWhileClosed);
        resilience.<String>withResilience("op", null, config, null)
                .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("down")));
        assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);
        manualClock.advance(Duration.ofSeconds(31));
        CompletableFuture<String> trial = resilience.<String>withResilience("op", null, config, null)
                .callAsync(CompletableFuture::new);

        admittedWhileClosed.completeExceptionally(new PermanentAIException("400"));
        AtomicInteger secondTrial = new AtomicInteger();
        CompletableFuture<String> d = resilience.<String>withResilience("op", null, config, null).callAsync(() -> {
            secondTrial.incrementAndGet();
            return new CompletableFuture<>();
        });

        assertThat(a).isCompletedExceptionally();
        assertThat(trial).isNotDone();
        assertThat(secondTrial).as("provider requests beyond halfOpenMaxCalls").hasValue(0);
        assertThat(d).isCompletedExceptionally();
        assertThatThrownBy(d::join).hasCauseInstanceOf(CircuitOpenException.class);
    }

    @Test
    void aCallAdmittedWhileClosedThatEndsNeutralDoesNotAddAHalfOpenTrialOnTheBlockingPath() throws Exception {
        ManualClock manualClock = new ManualClock();
        manual(manualClock);
        ResilienceConfig config = config(1, 1, 30);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch trialInside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch trialAnswer = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Future<?> a = threads.submit(() -> resilience.<String>withResilience("op", null, config, null).call(() -> {
                inside.countDown();
                answer.await();
                throw new PermanentAIException("400");
            }));
            inside.await();
            failOnce(CallPath.BLOCKING, config, ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down")));
            manualClock.advance(Duration.ofSeconds(31));
            Future<String> trial = threads.submit(() -> resilience.<String>withResilience("op", null, config, null).call(() -> {
                trialInside.countDown();
                trialAnswer.await();
                return "recovered";
            }));
            trialInside.await();

            answer.countDown();
            assertThatThrownBy(a::get).hasCauseInstanceOf(PermanentAIException.class);
            ScriptedCall<String> second = ScriptedCall.<String>failing().thenReturn("second trial");

            assertThatThrownBy(() -> call(CallPath.BLOCKING, config, second)).isInstanceOf(CircuitOpenException.class);
            assertThat(second.invocations()).isZero();
            trialAnswer.countDown();
            assertThat(trial.get()).isEqualTo("recovered");
        } finally {
            answer.countDown();
            trialAnswer.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    void aHungTrialDoesNotLockTheOperationOutForever() {
        ManualClock manualClock = new ManualClock();
        manual(manualClock);
        ResilienceConfig config = config(1, 1, 30);
        resilience.<String>withResilience("op", null, config, null)
                .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("down")));
        manualClock.advance(Duration.ofSeconds(31));
        CompletableFuture<String> hung = resilience.<String>withResilience("op", null, config, null)
                .callAsync(CompletableFuture::new);

        List<Boolean> admitted = new ArrayList<>();
        for (int minute = 0; minute < 5; minute++) {
            manualClock.advance(Duration.ofSeconds(31));
            ScriptedCall<String> provider = ScriptedCall.<String>failing().thenReturn("ok");
            try {
                resilience.<String>withResilience("op", null, config, null).call(provider);
                admitted.add(true);
                break;
            } catch (CircuitOpenException rejected) {
                admitted.add(false);
            }
        }

        assertThat(hung).isNotDone();
        assertThat(admitted).as("a call is admitted again within a few recovery periods").contains(true);
        assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void failuresOfCallsAdmittedBeforeTheOpeningDoNotRaiseTheCountPastTheThreshold() {
        ManualClock manualClock = new ManualClock();
        manual(manualClock);
        ResilienceConfig config = config(1, 5, 30);
        List<CompletableFuture<String>> inFlight = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            CompletableFuture<String> attempt = new CompletableFuture<>();
            inFlight.add(attempt);
            resilience.<String>withResilience("op", null, config, null).callAsync(() -> attempt);
        }

        inFlight.forEach(attempt -> attempt.completeExceptionally(new TransientAIException("down")));

        assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker().failureCount()).isEqualTo(5);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(50);
    }
}
