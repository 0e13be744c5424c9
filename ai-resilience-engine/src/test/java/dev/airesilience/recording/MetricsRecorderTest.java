package dev.airesilience.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The recorder derives the failed, rejected and fallback counts from its per-reason counts and the attempts from
 * successes, calls that ran and retries, and only allocates what failures need on the first one. Whatever it stores,
 * the snapshot must report what one counter per figure would: a plain model of the documented rules is the oracle.
 */
class MetricsRecorderTest {

    private final ManualClock clock = new ManualClock();

    private static CallCompletedEvent event(CallOutcome outcome, CallReason reason, int attempts, long latencyNanos) {
        return new CallCompletedEvent("op", ResilienceStrategy.BALANCED, outcome, reason, attempts, latencyNanos);
    }

    /** Completions as the engine produces them: a success has attempts and reason NONE; a rejection ran nothing. */
    @Provide
    Arbitrary<List<CallCompletedEvent>> completions() {
        Arbitrary<CallCompletedEvent> success = Arbitraries.integers().between(1, 5)
                .map(attempts -> event(CallOutcome.SUCCESS, CallReason.NONE, attempts, 1_000_000L * attempts));
        Arbitrary<CallReason> ranReasons = Arbitraries.of(CallReason.PERMANENT, CallReason.THROTTLED,
                CallReason.EXHAUSTED, CallReason.TIMEOUT, CallReason.ABORTED);
        Arbitrary<CallCompletedEvent> ran = Combinators.combine(Arbitraries.of(CallOutcome.FAILURE, CallOutcome.FALLBACK),
                ranReasons, Arbitraries.integers().between(0, 5))
                .as((outcome, reason, attempts) -> event(outcome, reason, attempts, 2_000_000L));
        Arbitrary<CallCompletedEvent> rejected = Combinators.combine(Arbitraries.of(CallOutcome.REJECTED,
                CallOutcome.FALLBACK), Arbitraries.of(CallReason.CIRCUIT_OPEN, CallReason.RATE_LIMITED))
                .as((outcome, reason) -> event(outcome, reason, 0, 0));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, success), net.jqwik.api.Tuple.of(3, ran), net.jqwik.api.Tuple.of(2, rejected))
                .list().ofMaxSize(60);
    }

    @Property
    void everyFigureIsWhatOneCounterPerFigureWouldReport(@ForAll("completions") List<CallCompletedEvent> events) {
        MetricsRecorder recorder = new MetricsRecorder();
        Model model = new Model();
        for (CallCompletedEvent event : events) {
            recorder.record(event, clock.nanoTime());
            model.record(event);
        }

        ResilienceMetrics metrics = recorder.snapshot(clock);

        assertThat(metrics.successfulCalls()).as("successful").isEqualTo(model.successful);
        assertThat(metrics.failedCalls()).as("failed").isEqualTo(model.failed);
        assertThat(metrics.rejectedCalls()).as("rejected").isEqualTo(model.rejected);
        assertThat(metrics.fallbackCalls()).as("fallbacks").isEqualTo(model.fallbacks);
        assertThat(metrics.retryAttempts()).as("retries").isEqualTo(model.retries);
        assertThat(metrics.attempts()).as("attempts").isEqualTo(model.attempts);
        assertThat(metrics.totalCalls()).isEqualTo(events.size());
        assertThat(metrics.reasons()).isEqualTo(model.reasons);
        assertThat(metrics.latency().count()).as("timed calls").isEqualTo(model.timed);
    }

    @Test
    void anOperationThatOnlySucceededReportsItsAttemptsAndNoFailure() {
        MetricsRecorder recorder = new MetricsRecorder();
        recorder.record(event(CallOutcome.SUCCESS, CallReason.NONE, 1, 3_000_000), clock.nanoTime());
        recorder.record(event(CallOutcome.SUCCESS, CallReason.NONE, 1, 5_000_000), clock.nanoTime());

        ResilienceMetrics metrics = recorder.snapshot(clock);

        assertThat(metrics.successfulCalls()).isEqualTo(2);
        assertThat(metrics.attempts()).isEqualTo(2);
        assertThat(metrics.retryAttempts()).isZero();
        assertThat(metrics.failedCalls()).isZero();
        assertThat(metrics.reasons()).isEmpty();
        assertThat(metrics.lastFailure()).isNull();
        assertThat(metrics.lastSuccess()).isEqualTo(clock.now());
        assertThat(metrics.latency().count()).isEqualTo(2);
        assertThat(metrics.latency().maxMs()).isEqualTo(5.0);
    }

    @Test
    void aRejectionLeavesTheLastFailureWhereItWas() {
        MetricsRecorder recorder = new MetricsRecorder();
        recorder.record(event(CallOutcome.FALLBACK, CallReason.PERMANENT, 1, 1_000_000), clock.nanoTime());
        java.time.Instant failedAt = clock.now();
        clock.advance(Duration.ofSeconds(5));
        recorder.record(event(CallOutcome.REJECTED, CallReason.CIRCUIT_OPEN, 0, 0), clock.nanoTime());
        recorder.record(event(CallOutcome.FALLBACK, CallReason.RATE_LIMITED, 0, 0), clock.nanoTime());

        ResilienceMetrics metrics = recorder.snapshot(clock);

        assertThat(metrics.lastFailure()).isEqualTo(failedAt);
        assertThat(metrics.rejectedCalls()).isEqualTo(2);
        assertThat(metrics.fallbackCalls()).isEqualTo(2);
        assertThat(metrics.failedCalls()).isEqualTo(1);
    }

    @Test
    void breakerTransitionsAreCountedByTheStateEntered() {
        MetricsRecorder recorder = new MetricsRecorder();
        recorder.record(new CircuitStateChangeEvent("op", CircuitState.CLOSED, CircuitState.OPEN, clock.now()));
        recorder.record(new CircuitStateChangeEvent("op", CircuitState.OPEN, CircuitState.HALF_OPEN, clock.now()));
        recorder.record(new CircuitStateChangeEvent("op", CircuitState.HALF_OPEN, CircuitState.OPEN, clock.now()));
        recorder.record(new CircuitStateChangeEvent("op", CircuitState.OPEN, CircuitState.HALF_OPEN, clock.now()));
        recorder.record(new CircuitStateChangeEvent("op", CircuitState.HALF_OPEN, CircuitState.CLOSED, clock.now()));

        ResilienceMetrics metrics = recorder.snapshot(clock);

        assertThat(metrics.circuitBreakerOpens()).isEqualTo(2);
        assertThat(metrics.circuitBreakerHalfOpens()).isEqualTo(2);
        assertThat(metrics.circuitBreakerCloses()).isEqualTo(1);
        assertThat(metrics.totalCalls()).as("transitions are not calls").isZero();
    }

    @Test
    void concurrentRecordingStaysExactWhileTheFailureCountersAreCreated() throws Exception {
        // Every thread's first non-success races to create the failure counters: none of the counts may be lost.
        int threads = 8;
        int rounds = 20_000;
        List<CallCompletedEvent> cycle = List.of(
                event(CallOutcome.SUCCESS, CallReason.NONE, 1, 1_000_000),
                event(CallOutcome.REJECTED, CallReason.CIRCUIT_OPEN, 0, 0),
                event(CallOutcome.SUCCESS, CallReason.NONE, 3, 1_000_000),
                event(CallOutcome.FALLBACK, CallReason.EXHAUSTED, 3, 1_000_000),
                event(CallOutcome.FAILURE, CallReason.PERMANENT, 1, 1_000_000));
        for (int repeat = 0; repeat < 5; repeat++) {
            MetricsRecorder recorder = new MetricsRecorder();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t; // each thread starts elsewhere in the cycle, so they do not all succeed first
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        recorder.record(cycle.get((i + offset) % cycle.size()), 0);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();

            Model model = new Model();
            for (int t = 0; t < threads; t++) {
                for (int i = 0; i < rounds; i++) {
                    model.record(cycle.get((i + t) % cycle.size()));
                }
            }
            ResilienceMetrics metrics = recorder.snapshot(clock);
            assertThat(metrics.successfulCalls()).isEqualTo(model.successful);
            assertThat(metrics.failedCalls()).isEqualTo(model.failed);
            assertThat(metrics.rejectedCalls()).isEqualTo(model.rejected);
            assertThat(metrics.fallbackCalls()).isEqualTo(model.fallbacks);
            assertThat(metrics.retryAttempts()).isEqualTo(model.retries);
            assertThat(metrics.attempts()).isEqualTo(model.attempts);
            assertThat(metrics.latency().count()).isEqualTo(model.timed);
        }
    }

    /** The documented counting rules, one plain counter per figure. */
    private static final class Model {
        long successful;
        long failed;
        long rejected;
        long fallbacks;
        long retries;
        long attempts;
        long timed;
        final Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();

        void record(CallCompletedEvent event) {
            boolean rejection = event.reason() == CallReason.CIRCUIT_OPEN || event.reason() == CallReason.RATE_LIMITED;
            switch (event.outcome()) {
                case SUCCESS -> successful++;
                case REJECTED -> rejected++;
                case FALLBACK -> {
                    fallbacks++;
                    if (rejection) {
                        rejected++;
                    } else {
                        failed++;
                    }
                }
                default -> failed++;
            }
            attempts += event.attempts();
            retries += Math.max(0, event.attempts() - 1);
            if (event.attempts() > 0) {
                timed++; // a call is timed when it ran: a rejection, or an abort before any attempt, is not
            }
            if (event.outcome() != CallOutcome.SUCCESS) {
                reasons.computeIfAbsent(event.outcome().tag(), o -> new LinkedHashMap<>())
                        .merge(event.reason().tag(), 1L, Long::sum);
            }
        }
    }
}
