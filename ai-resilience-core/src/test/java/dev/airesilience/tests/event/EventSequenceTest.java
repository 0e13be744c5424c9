package dev.airesilience.tests.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.event.*;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The exact events of one logical call, in the order the {@code event} package documents, on the blocking and the
 * asynchronous path alike; and the core's metrics counted from the same events.
 */
class EventSequenceTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);
    private final Recorder recorder = new Recorder();

    EventSequenceTest() {
        resilience.addListener(recorder);
    }

    @AfterEach
    void close() {
        resilience.close();
    }

    /** Records every event as a short line, through the one {@code onEvent} entry point. */
    static final class Recorder implements ResilienceListener {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(ResilienceEvent event) {
            lines.add(describe(event));
        }

        List<String> take() {
            List<String> taken = new ArrayList<>(lines);
            lines.clear();
            return taken;
        }

        static String describe(ResilienceEvent event) {
            if (event instanceof AttemptStartedEvent e) {
                return "started " + e.attempt();
            } else if (event instanceof AttemptFailedEvent e) {
                return "failed " + e.attempt() + " " + e.kind();
            } else if (event instanceof RetryEvent e) {
                return "retry after " + e.attempt() + " in " + e.delay().toMillis() + " ms";
            } else if (event instanceof CallRejectedEvent e) {
                return "rejected " + e.reason().tag();
            } else if (event instanceof CircuitStateChangeEvent e) {
                return "circuit " + e.from().wireName() + ">" + e.to().wireName();
            } else if (event instanceof CallCompletedEvent e) {
                return "completed " + e.outcome().tag() + "/" + e.reason().tag() + " attempts=" + e.attempts();
            }
            throw new AssertionError("unknown event " + event);
        }
    }

    private static ResilienceConfig config(int attempts, int threshold) {
        return Orchestrators.config(attempts, threshold);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void successOnTheFirstTry(CallPath path) {
        path.run(resilience.<String>withResilience("op", null, config(3, 5), null), () -> "ok");

        assertThat(recorder.take()).containsExactly("started 1", "completed success/none attempts=1");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void retryThenSuccess(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new ServiceUnavailableException("503")).thenReturn("ok");
        path.run(resilience.<String>withResilience("op", null, config(3, 5), null), provider);

        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 TRANSIENT", "retry after 1 in 1000 ms",
                "started 2", "completed success/none attempts=2");
        assertThat(resilience.getMetrics("op").retryAttempts()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void retriesExhaustedThenTheFallbackAnswers(CallPath path) {
        ScriptedCall<String> down = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        String answer = path.run(resilience.<String>withResilience("op", null, config(3, 5), null)
                .withFallback(context -> "fallback"), down);

        assertThat(answer).isEqualTo("fallback");
        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 TRANSIENT", "retry after 1 in 1000 ms",
                "started 2", "failed 2 TRANSIENT", "retry after 2 in 2000 ms",
                "started 3", "failed 3 TRANSIENT",
                "completed fallback/exhausted attempts=3");
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.failedCalls()).isEqualTo(1);
        assertThat(metrics.fallbackCalls()).isEqualTo(1);
        assertThat(metrics.count("fallback", "exhausted")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aPermanentErrorIsNotRetried(CallPath path) {
        assertThatThrownBy(() -> path.run(resilience.<String>withResilience("op", null, config(3, 5), null),
                () -> {
                    throw new PermanentAIException("401 invalid api key");
                })).isInstanceOf(PermanentAIException.class);

        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 PERMANENT", "completed failure/permanent attempts=1");
        assertThat(resilience.getMetrics("op").reasons()).isEqualTo(
                java.util.Map.of("failure", java.util.Map.of("permanent", 1L)));
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void anOpenCircuitRejectsThenAHalfOpenTrialClosesIt(CallPath path) {
        assertThatThrownBy(() -> path.run(resilience.<String>withResilience("op", null, config(1, 1), null),
                () -> {
                    throw new ServiceUnavailableException("503");
                })).isInstanceOf(ServiceUnavailableException.class);
        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 TRANSIENT", "circuit closed>open", "completed failure/exhausted attempts=1");

        assertThatThrownBy(() -> path.run(resilience.<String>withResilience("op", null, config(1, 1), null), () -> "never"))
                .isInstanceOf(CircuitOpenException.class);
        assertThat(recorder.take()).containsExactly("rejected circuit_open", "completed rejected/circuit_open attempts=0");

        assertThat(path.run(resilience.<String>withResilience("op", null, config(1, 1), null)
                .withFallback(context -> "cached"), () -> "never")).isEqualTo("cached");
        assertThat(recorder.take()).containsExactly("rejected circuit_open", "completed fallback/circuit_open attempts=0");

        clock.advance(Duration.ofSeconds(30));
        path.run(resilience.<String>withResilience("op", null, config(1, 1), null), () -> "ok");
        assertThat(recorder.take()).containsExactly(
                "circuit open>half-open", "started 1", "circuit half-open>closed", "completed success/none attempts=1");

        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.rejectedCalls()).isEqualTo(2);
        assertThat(metrics.count("rejected", "circuit_open")).isEqualTo(1);
        assertThat(metrics.count("fallback", "circuit_open")).isEqualTo(1);
        assertThat(metrics.circuitBreakerOpens()).isEqualTo(1);
        assertThat(metrics.circuitBreakerHalfOpens()).isEqualTo(1);
        assertThat(metrics.circuitBreakerCloses()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aProviderRateLimitThenACooldownRejection(CallPath path) {
        assertThatThrownBy(() -> path.run(resilience.<String>withResilience("op", null, config(1, 5), null), () -> {
            throw new RateLimitException("429", Duration.ofSeconds(90));
        })).isInstanceOf(RateLimitException.class);
        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 RATE_LIMITED", "completed failure/throttled attempts=1");

        ResilienceConfig shortBudget = config(3, 5).toBuilder()
                .retry(RetryConfig.builder().maxDelay(Duration.ofSeconds(30)).build()).build();
        assertThat(path.run(resilience.<String>withResilience("op", null, shortBudget, null)
                .withFallback(context -> "later"), () -> "never")).isEqualTo("later");
        assertThat(recorder.take()).containsExactly("rejected rate_limited", "completed fallback/rate_limited attempts=0");
        assertThat(resilience.getMetrics("op").count("fallback", "rate_limited")).isEqualTo(1);
    }

    @Test
    void aBlockingAttemptTimeout() throws Exception {
        ManualClock manual = new ManualClock();
        try (AIServiceResilience timed = Orchestrators.virtual(manual)) {
            Recorder events = new Recorder();
            timed.addListener(events);
            ResilienceConfig config = config(1, 50).toBuilder().attemptTimeout(Duration.ofSeconds(5)).build();
            CountDownLatch hanging = new CountDownLatch(1);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = new Thread(() -> {
                try {
                    timed.<String>withResilience("op", null, config, null).call(() -> {
                        hanging.countDown();
                        new CountDownLatch(1).await(); // hangs until the timeout interrupts it
                        return "never";
                    });
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            caller.start();
            assertThat(hanging.await(10, TimeUnit.SECONDS)).isTrue();
            manual.advance(Duration.ofSeconds(5));
            caller.join(10_000);

            assertThat(thrown.get()).isInstanceOf(AttemptTimeoutException.class);
            assertThat(events.take()).containsExactly("started 1", "failed 1 TRANSIENT", "completed failure/timeout attempts=1");
            assertThat(timed.getMetrics("op").count("failure", "timeout")).isEqualTo(1);
        }
    }

    @Test
    void anAsyncAttemptTimeout() throws Exception {
        ManualClock manual = new ManualClock();
        try (AIServiceResilience timed = Orchestrators.virtual(manual)) {
            Recorder events = new Recorder();
            timed.addListener(events);
            ResilienceConfig config = config(1, 50).toBuilder().attemptTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<String> result = timed.<String>withResilience("op", null, config, null)
                    .callAsync(CompletableFuture::new); // never completes
            manual.advance(Duration.ofSeconds(5));

            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AttemptTimeoutException.class);
            assertThat(events.take()).containsExactly("started 1", "failed 1 TRANSIENT", "completed failure/timeout attempts=1");
        }
    }

    /** The divergence issue #11 names: a retry followed by an interrupt is counted the same by metrics and listeners. */
    @Test
    void aRetryFollowedByAnInterruptIsAbortedAndCountedOnce() {
        ScriptedCall<String> failing = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        try {
            assertThatThrownBy(() -> resilience.<String>withResilience("op", null, config(3, 5), null).call(() -> {
                Thread.currentThread().interrupt(); // the backoff sleep sees it
                return failing.call();
            })).isInstanceOf(CallInterruptedException.class);
        } finally {
            Thread.interrupted();
        }

        assertThat(recorder.take()).containsExactly(
                "started 1", "failed 1 TRANSIENT", "retry after 1 in 1000 ms", "completed failure/aborted attempts=1");
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.failedCalls()).isEqualTo(1);
        assertThat(metrics.retryAttempts()).isZero(); // scheduled, never made: neither side counts it
        assertThat(metrics.count("failure", "aborted")).isEqualTo(1);
    }

    /** A listener written before {@code onEvent} existed still gets its typed callbacks. */
    @Test
    void typedCallbacksStillReceiveTheirEvents() {
        List<String> seen = new CopyOnWriteArrayList<>();
        resilience.addListener(new ResilienceListener() {
            @Override
            public void onRetry(RetryEvent event) {
                seen.add("retry");
            }

            @Override
            public void onCallCompleted(CallCompletedEvent event) {
                seen.add("completed " + event.outcome().tag());
            }
        });
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new ServiceUnavailableException("503")).thenReturn("ok");
        resilience.<String>withResilience("op", null, config(3, 5), null).call(provider);

        assertThat(seen).containsExactly("retry", "completed success");
    }
}
