package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.AttemptFailedEvent;
import dev.airesilience.event.AttemptStartedEvent;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.HedgeEvent;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.hedge.OperationHedging;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.recording.Listeners;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hedged requests (issue 14) through both drivers, in virtual time: each provider request answers when the test moves
 * the clock past its latency, so every time asserted is exact. The blocking driver's requests run on workers, so the
 * test waits for each request to start before moving the clock on.
 */
class HedgedRequestsTest {

    private static final long SECOND = 1_000_000_000L;

    private final ManualClock clock = new ManualClock();
    private final RandomGenerator half = () -> 1L << 63;
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    private final Listeners listeners = PipelineFixtures.recordingInto(events);
    private final CallEngine engine = new CallEngine(clock, clock, clock, half, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final Operation op = PipelineFixtures.everyStage(clock, half, breakers);
    private final Provider provider = new Provider();

    @AfterEach
    void close() {
        engine.close();
    }

    /** Hedging after a fixed 2 s, one hedge, a budget that pays for one hedge per attempt. */
    private static ResilienceConfig hedged(int attempts) {
        return hedged(attempts, new HedgeConfig(true, Duration.ofSeconds(2), 0, 1, 1.0));
    }

    private static ResilienceConfig hedged(int attempts, HedgeConfig hedge) {
        return TestConfigs.config(attempts, 100).toBuilder().idempotent(true).hedge(hedge).build();
    }

    private CompletableFuture<String> start(Driver driver, ResilienceConfig config) {
        if (driver == Driver.ASYNC) {
            return engine.executeAsync(op, config, () -> provider.begin().answer, null, null, null);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                result.complete(engine.execute(op, config, () -> provider.begin().block(), null, null));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "caller");
        caller.setDaemon(true);
        caller.start();
        return result;
    }

    private static String answer(CompletableFuture<String> call) throws Exception {
        return call.get(10, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<String> call) throws Exception {
        try {
            call.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return cause;
        }
        throw new AssertionError("the call succeeded");
    }

    private void advance(double seconds) {
        clock.advance(Duration.ofNanos(Math.round(seconds * SECOND)));
    }

    private List<ResilienceEvent> of(Class<? extends ResilienceEvent> type) {
        return events.stream().filter(type::isInstance).toList();
    }

    private CallCompletedEvent lastCompletion() {
        List<ResilienceEvent> completions = of(CallCompletedEvent.class);
        return (CallCompletedEvent) completions.get(completions.size() - 1);
    }

    private ResilienceMetrics metrics() {
        return op.metrics().snapshot(clock);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSlowFirstRequestIsOvertakenByTheHedgeWhichAnswersAndTheFirstIsCancelled(Driver driver) throws Exception {
        provider.answers(10, "slow").answers(1, "hedge");
        CompletableFuture<String> call = start(driver, hedged(1));
        Request first = provider.awaitStarted();
        advance(1.999);
        assertThat(of(HedgeEvent.class)).isEmpty();
        advance(0.001);
        Request hedge = provider.awaitStarted();
        assertThat(hedge.startNanos).isEqualTo(2 * SECOND);
        advance(1);

        assertThat(answer(call)).isEqualTo("hedge");
        assertThat(lastCompletion().latencyNanos()).as("the hedge delay plus the hedge's latency").isEqualTo(3 * SECOND);
        first.awaitStopped(driver);
        // One attempt for the pipeline: started once, one hedge, answered by it; counted once each.
        assertThat(events).extracting(HedgedRequestsTest::describe).containsExactly(
                "started 1", "hedge 1/1 sent after PT2S", "hedge 1/1 won after PT3S", "completed success attempts=1");
        ResilienceMetrics metrics = metrics();
        assertThat(metrics.successfulCalls()).isEqualTo(1);
        assertThat(metrics.attempts()).isEqualTo(1);
        assertThat(metrics.hedges()).isEqualTo(1);
        assertThat(metrics.hedgesWon()).isEqualTo(1);
        assertThat(provider.started()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFirstRequestThatAnswersBeforeTheDelaySendsNoHedge(Driver driver) throws Exception {
        provider.answers(1, "fast");
        CompletableFuture<String> call = start(driver, hedged(1));
        provider.awaitStarted();
        advance(1);
        assertThat(answer(call)).isEqualTo("fast");
        advance(5); // past the hedge delay: its timer was cancelled with the answer
        assertThat(provider.started()).isEqualTo(1);
        assertThat(of(HedgeEvent.class)).isEmpty();
        assertThat(metrics().hedges()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenEveryRequestFailsTheAttemptFailsOnceWithTheRetryAfterOneAndIsRetriedByThePolicy(Driver driver)
            throws Exception {
        provider.fails(5, new ServiceUnavailableException("503", null, 503))
                .fails(1, new RateLimitException("429", Duration.ofSeconds(4)))
                .answers(0.5, "retried");
        CompletableFuture<String> call = start(driver, hedged(2));
        provider.awaitStarted();
        advance(2);
        provider.awaitStarted(); // the hedge
        advance(1); // the hedge fails at 3 s: the first request is still running, so the attempt goes on
        assertThat(of(AttemptFailedEvent.class)).isEmpty();
        advance(2); // the first fails at 5 s: the attempt fails, with the 429 (its Retry-After sets the cooldown)
        if (driver == Driver.ASYNC) {
            advance(4); // the blocking driver sleeps through the wait itself
        }
        Request retry = provider.awaitStarted();
        assertThat(retry.startNanos).as("the cooldown, not the 1 s backoff").isEqualTo(9 * SECOND);
        advance(0.5);

        assertThat(answer(call)).isEqualTo("retried");
        assertThat(events).extracting(HedgedRequestsTest::describe).containsExactly(
                "started 1", "hedge 1/1 sent after PT2S", "failed 1 RATE_LIMITED", "retry 1 in PT4S", "started 2",
                "completed success attempts=2");
        ResilienceMetrics metrics = metrics();
        assertThat(metrics.attempts()).isEqualTo(2);
        assertThat(metrics.retryAttempts()).isEqualTo(1);
        assertThat(metrics.hedges()).isEqualTo(1);
        assertThat(metrics.hedgesWon()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aFailureBeforeTheDelayFailsTheAttemptAtOnceWithoutAHedge(Driver driver) throws Exception {
        provider.fails(0.5, new ServiceUnavailableException("503", null, 503));
        CompletableFuture<String> call = start(driver, hedged(1));
        provider.awaitStarted();
        advance(0.5);
        assertThat(failure(call)).isInstanceOf(ServiceUnavailableException.class);
        advance(5);
        assertThat(provider.started()).isEqualTo(1);
        assertThat(lastCompletion().latencyNanos()).isEqualTo(SECOND / 2);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void noHedgeIsSentWhileTheBreakerCountsFailuresAndHedgingResumesAfterASuccess(Driver driver) throws Exception {
        provider.fails(0.5, new ServiceUnavailableException("529 overloaded", null, 529));
        assertThat(failure(startAndAdvance(driver, 0.5))).isInstanceOf(ServiceUnavailableException.class);

        // A failing provider is not a slow one: a second request would only add to its load.
        provider.answers(10, "slow while failing");
        CompletableFuture<String> second = start(driver, hedged(1));
        provider.awaitStarted();
        advance(10);
        assertThat(answer(second)).isEqualTo("slow while failing");
        assertThat(provider.started()).isEqualTo(2);

        // That success reset the breaker's count: a slow answer is hedged again.
        aSlowAnswerIsHedged(driver);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void noHedgeIsSentWhileMoreThanATenthOfTheRecentAttemptsFailedAndHedgingResumesAsTheyAgeOut(Driver driver)
            throws Exception {
        // An overloaded provider fails some requests and answers others: the breaker's count restarts at every
        // success, the share of recent failures does not.
        int failures = OperationHedging.MAX_RECENT_FAILURES + 1;
        for (int i = 0; i < failures; i++) {
            provider.fails(0.5, new ServiceUnavailableException("529 overloaded", null, 529));
            assertThat(failure(startAndAdvance(driver, 0.5))).isInstanceOf(ServiceUnavailableException.class);
            provider.answers(0.5, "between");
            assertThat(answer(startAndAdvance(driver, 0.5))).isEqualTo("between");
        }
        // Successes until the window's 64 attempts reach back exactly to the first failure: 7 of them failed.
        for (int i = 2 * failures; i < OperationHedging.OUTCOME_WINDOW; i++) {
            provider.answers(0.5, "fast");
            answer(startAndAdvance(driver, 0.5));
        }
        provider.answers(10, "slow, not hedged");
        CompletableFuture<String> notHedged = start(driver, hedged(1));
        provider.awaitStarted();
        advance(10);
        assertThat(answer(notHedged)).isEqualTo("slow, not hedged");
        assertThat(metrics().hedges()).isZero();

        // That answer pushed the oldest failure out: 6 of the last 64 failed, a slow answer is hedged again.
        aSlowAnswerIsHedged(driver);
    }

    /** A 10 s answer is overtaken by its hedge after the 2 s delay, and the first hedge of the test is counted. */
    private void aSlowAnswerIsHedged(Driver driver) throws Exception {
        provider.answers(10, "slow").answers(1, "hedge");
        CompletableFuture<String> call = start(driver, hedged(1));
        Request slow = provider.awaitStarted();
        advance(2);
        provider.awaitStarted();
        advance(1);
        assertThat(answer(call)).isEqualTo("hedge");
        slow.awaitStopped(driver);
        assertThat(metrics().hedges()).isEqualTo(1);
    }

    private CompletableFuture<String> startAndAdvance(Driver driver, double seconds) throws InterruptedException {
        CompletableFuture<String> call = start(driver, hedged(1));
        provider.awaitStarted();
        advance(seconds);
        return call;
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theBudgetPaysForHedgesAtItsRatioAndADeniedHedgeIsSimplyNotSent(Driver driver) throws Exception {
        ResilienceConfig config = hedged(1, new HedgeConfig(true, Duration.ofSeconds(2), 0, 1, 0.5));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            provider.answers(5, "slow").answers(1, "hedge");
            CompletableFuture<String> call = start(driver, config);
            provider.awaitStarted();
            advance(2);
            if (i % 2 == 1) { // half a token per attempt: every second attempt can pay for a hedge
                provider.awaitStarted();
                advance(1);
            } else {
                advance(3);
                provider.skip(); // the unused hedge script
            }
            answer(call);
            latencies.add(lastCompletion().latencyNanos() / SECOND);
        }
        assertThat(latencies).containsExactly(5L, 3L, 5L, 3L);
        assertThat(metrics().hedges()).isEqualTo(2);
        assertThat(op.hedging().budget().milliTokens()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aPercentileDelayIsUsedOnlyOnceEnoughLatenciesAreKnown(Driver driver) throws Exception {
        ResilienceConfig config = hedged(1, new HedgeConfig(true, Duration.ofMillis(10), 95, 1, 1.0));
        for (int k = 1; k <= 20; k++) { // 100 ms .. 2 s; none hedged: fewer than 20 latencies when each started
            provider.answers(k / 10.0, "warm-up");
            CompletableFuture<String> call = start(driver, config);
            provider.awaitStarted();
            advance(k / 10.0);
            answer(call);
        }
        assertThat(of(HedgeEvent.class)).isEmpty();

        provider.answers(10, "slow").answers(0.5, "hedge");
        CompletableFuture<String> call = start(driver, config);
        provider.awaitStarted();
        advance(1.8);
        assertThat(of(HedgeEvent.class)).isEmpty();
        advance(0.1); // p95 of the 20 latencies by nearest rank: the 19th, 1.9 s
        provider.awaitStarted();
        advance(0.5);
        assertThat(answer(call)).isEqualTo("hedge");
        assertThat(of(HedgeEvent.class)).extracting(HedgedRequestsTest::describe)
                .containsExactly("hedge 1/1 sent after PT1.9S", "hedge 1/1 won after PT2.4S");
        assertThat(lastCompletion().latencyNanos()).isEqualTo(2400_000_000L);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aHalfOpenTrialIsNeverHedgedAndAClosedCircuitHedgesAgain(Driver driver) throws Exception {
        ResilienceConfig config = TestConfigs.config(1, 1).toBuilder().idempotent(true)
                .hedge(new HedgeConfig(true, Duration.ofSeconds(2), 0, 1, 1.0)).build();
        provider.fails(0.5, new ServiceUnavailableException("503", null, 503));
        CompletableFuture<String> opening = start(driver, config);
        provider.awaitStarted();
        advance(0.5);
        assertThat(failure(opening)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(op.pipeline().find(BreakerStage.class).reportedState()).isEqualTo(CircuitState.OPEN);
        advance(30);

        provider.answers(5, "trial").answers(1, "never sent");
        CompletableFuture<String> trial = start(driver, config);
        provider.awaitStarted();
        advance(5);
        assertThat(answer(trial)).isEqualTo("trial");
        assertThat(of(HedgeEvent.class)).as("half-open admits exactly halfOpenMaxCalls requests").isEmpty();
        assertThat(op.pipeline().find(BreakerStage.class).reportedState()).isEqualTo(CircuitState.CLOSED);
        provider.skip();

        provider.answers(5, "slow").answers(1, "hedge");
        CompletableFuture<String> closed = start(driver, config);
        provider.awaitStarted();
        advance(2);
        provider.awaitStarted();
        advance(1);
        assertThat(answer(closed)).isEqualTo("hedge");
        assertThat(metrics().hedges()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSecondHedgeFollowsOneDelayLaterAndTheFirstAnswerCancelsTheOtherTwo(Driver driver) throws Exception {
        ResilienceConfig config = hedged(1, new HedgeConfig(true, Duration.ofSeconds(2), 0, 2, 1.0));
        provider.answers(0.5, "fast"); // a first call fills the budget by one more token
        CompletableFuture<String> first = start(driver, config);
        provider.awaitStarted();
        advance(0.5);
        answer(first);

        provider.answers(10, "slow").answers(10, "slow hedge").answers(1, "second hedge");
        CompletableFuture<String> call = start(driver, config);
        Request slow = provider.awaitStarted();
        advance(2);
        Request slowHedge = provider.awaitStarted();
        advance(2);
        provider.awaitStarted();
        advance(1);
        assertThat(answer(call)).isEqualTo("second hedge");
        slow.awaitStopped(driver);
        slowHedge.awaitStopped(driver);
        assertThat(of(HedgeEvent.class)).extracting(HedgedRequestsTest::describe)
                .containsExactly("hedge 1/1 sent after PT2S", "hedge 1/2 sent after PT4S", "hedge 1/2 won after PT5S");
        assertThat(lastCompletion().latencyNanos()).isEqualTo(5 * SECOND);
        assertThat(metrics().hedges()).isEqualTo(2);
        assertThat(metrics().hedgesWon()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theAttemptTimeoutBoundsAllOfTheAttemptsRequests(Driver driver) throws Exception {
        ResilienceConfig config = hedged(1).toBuilder().attemptTimeout(Duration.ofSeconds(5)).build();
        provider.answers(10, "slow").answers(10, "slow hedge");
        CompletableFuture<String> call = start(driver, config);
        Request slow = provider.awaitStarted();
        advance(2);
        Request hedge = provider.awaitStarted();
        advance(3);
        assertThat(failure(call)).isInstanceOf(AttemptTimeoutException.class);
        slow.awaitStopped(driver);
        hedge.awaitStopped(driver);
        assertThat(lastCompletion().latencyNanos()).isEqualTo(5 * SECOND);
        assertThat(metrics().hedges()).isEqualTo(1);
        assertThat(metrics().hedgesWon()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void noHedgeIsSentWhileAProviderRateLimitHoldsTheOperation(Driver driver) throws Exception {
        ResilienceConfig config = hedged(1);
        provider.answers(5, "slow"); // a hedge would find no script: its request would fail the test
        CompletableFuture<String> slow = start(driver, config);
        provider.awaitStarted();
        // Another call of the operation meets a 429 with Retry-After 10 s at once: the cooldown holds until 10 s.
        provider.fails(0, new RateLimitException("429", Duration.ofSeconds(10)));
        assertThatThrownBy(() -> engine.execute(op, TestConfigs.config(1, 100),
                () -> provider.begin().block(), null, null)).isInstanceOf(RateLimitException.class);
        provider.awaitStarted();
        advance(5);
        assertThat(answer(slow)).isEqualTo("slow");
        assertThat(of(HedgeEvent.class)).isEmpty();
        assertThat(op.hedging().budget().milliTokens()).as("the denied hedge's token was given back").isEqualTo(1000);
    }

    @Test
    void hedgingAnOperationNotMarkedIdempotentIsAConfigurationErrorNamingBothFields() {
        assertThatThrownBy(() -> TestConfigs.config(3, 5).toBuilder().hedge(HedgeConfig.fixed(Duration.ofSeconds(2)))
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HedgeConfig.enabled (hedge_enabled)")
                .hasMessageContaining("requires idempotent (idempotent)")
                .hasMessageContaining("but idempotent was false");
        assertThat(TestConfigs.config(3, 5).toBuilder().idempotent(true).hedge(HedgeConfig.fixed(Duration.ofSeconds(2)))
                .build().hedge().enabled()).isTrue();
        assertThatThrownBy(() -> new HedgeConfig(true, Duration.ofSeconds(1), 99.5, 1, 0.05))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HedgeConfig.percentile must be between 0 and 99 (inclusive), but was 99.5");
        assertThatThrownBy(() -> new HedgeConfig(true, Duration.ofSeconds(1), 95, 5, 0.05))
                .hasMessage("HedgeConfig.maxHedges must be between 1 and 4 (inclusive), but was 5");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void hedgingOffRunsTheAttemptOnTheCallersThreadAsBefore(Driver driver) {
        ResilienceConfig config = TestConfigs.config(1, 100);
        Thread caller = Thread.currentThread();
        String answer = driver.run(engine, op, config, () -> Thread.currentThread() == caller ? "here" : "moved", null);
        assertThat(answer).isEqualTo("here");
        assertThat(op.hedgingIfAny()).as("no hedge state for an operation that never hedged").isNull();
    }

    private static String describe(ResilienceEvent event) {
        if (event instanceof AttemptStartedEvent e) {
            return "started " + e.attempt();
        }
        if (event instanceof HedgeEvent e) {
            return "hedge " + e.attempt() + "/" + e.hedge() + (e.won() ? " won" : " sent") + " after " + e.after();
        }
        if (event instanceof AttemptFailedEvent e) {
            return "failed " + e.attempt() + " " + e.kind();
        }
        if (event instanceof RetryEvent e) {
            return "retry " + e.attempt() + " in " + e.delay();
        }
        if (event instanceof CallCompletedEvent e) {
            return "completed " + e.outcome().tag() + " attempts=" + e.attempts();
        }
        return event.toString();
    }

    /** Scripted provider requests: each answers or fails when the clock passes its latency. */
    private final class Provider {
        private final BlockingQueue<Script> scripts = new LinkedBlockingQueue<>();
        private final BlockingQueue<Request> started = new LinkedBlockingQueue<>();
        private int count;

        Provider answers(double seconds, String answer) {
            scripts.add(new Script(seconds, answer, null));
            return this;
        }

        Provider fails(double seconds, RuntimeException failure) {
            scripts.add(new Script(seconds, null, failure));
            return this;
        }

        /** Drops the next script (a hedge the test prepared and that was rightly not sent). */
        void skip() {
            assertThat(scripts.poll()).isNotNull();
        }

        synchronized Request begin() {
            Script script = scripts.poll();
            assertThat(script).as("a request the test did not expect").isNotNull();
            count++;
            Request request = new Request(clock.nanoTime(), script);
            started.add(request);
            return request;
        }

        synchronized int started() {
            return count;
        }

        Request awaitStarted() throws InterruptedException {
            Request request = started.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a request started").isNotNull();
            return request;
        }
    }

    private record Script(double seconds, String answer, RuntimeException failure) {}

    private final class Request {
        final long startNanos;
        final CompletableFuture<String> answer = new CompletableFuture<>();
        final CountDownLatch interrupted = new CountDownLatch(1);

        Request(long startNanos, Script script) {
            this.startNanos = startNanos;
            Runnable end = () -> {
                if (script.failure() != null) {
                    answer.completeExceptionally(script.failure());
                } else {
                    answer.complete(script.answer());
                }
            };
            if (script.seconds() == 0) {
                end.run();
            } else {
                clock.schedule(end, Duration.ofNanos(Math.round(script.seconds() * SECOND)));
            }
        }

        /** The blocking provider call: waits for the virtual answer; an interrupt is how a loser is cancelled. */
        String block() throws InterruptedException {
            try {
                return answer.get();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            } catch (ExecutionException e) {
                throw (RuntimeException) e.getCause();
            }
        }

        /** Blocking: its worker was interrupted; asynchronous: its future was cancelled. */
        void awaitStopped(Driver driver) throws InterruptedException {
            if (driver == Driver.BLOCKING) {
                assertThat(interrupted.await(10, TimeUnit.SECONDS)).as("the request's thread was interrupted").isTrue();
            } else {
                assertThat(answer.isCancelled()).as("the request's future was cancelled").isTrue();
            }
        }
    }
}
