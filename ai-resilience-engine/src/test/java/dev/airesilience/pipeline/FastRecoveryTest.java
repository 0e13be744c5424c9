package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.HealthProbeEvent;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.recording.Listeners;
import dev.airesilience.retry.RetryStage;
import dev.airesilience.time.ManualClock;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fast outage recovery (issue 14) through both drivers, in virtual time: the open period grows from
 * {@code recoveryInitialInterval} while trials fail, capped by {@code recoveryTimeout}; a health probe moves an open
 * circuit to half-open. Traffic is one call every 100 ms; each call makes one attempt, so every provider request is
 * either a closed-circuit call or a half-open trial.
 */
class FastRecoveryTest {

    private static final Duration TICK = Duration.ofMillis(100);
    /** Every draw is 0.5: a jitter factor of exactly 1. */
    private static final RandomGenerator HALF = () -> 1L << 63;

    /** Stepped by hand, so the health probe runs exactly when due and times are exact. */
    private final ManualClock clock = new ManualClock();
    private final List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
    private final Listeners listeners = PipelineFixtures.recordingInto(events);
    private RandomGenerator random = HALF;
    private CallEngine engine;
    private Breakers breakers;
    private Operation op;

    /** The provider's health and the times (ms of virtual time) it was asked. */
    private final AtomicBoolean down = new AtomicBoolean();
    private final List<Long> requests = new ArrayList<>();
    private final Supplier<String> provider = () -> {
        requests.add(nowMillis());
        if (down.get()) {
            throw new ServiceUnavailableException("503 down", null, 503);
        }
        return "ok";
    };

    private void build() {
        engine = new CallEngine(clock, clock, clock, random, FailureClassifier.defaults(), listeners);
        breakers = new Breakers(clock, listeners, random, clock);
        op = new Operation("op", o -> new Pipeline(List.of(new BreakerStage(o, breakers, clock), new RetryStage(random))));
    }

    private long nowMillis() {
        return clock.elapsed().toMillis();
    }

    /** Threshold 3, one attempt per call; open periods from {@code initial} (null: off) doubling, capped at 10 s. */
    private static ResilienceConfig config(Duration initial) {
        ResilienceConfig base = TestConfigs.config(1, 3);
        return base.toBuilder().circuitBreaker(base.circuitBreaker().toBuilder()
                .recoveryTimeout(Duration.ofSeconds(10))
                .recoveryInitialInterval(initial)
                .recoveryMultiplier(2)
                .build()).build();
    }

    private String call(Driver driver, ResilienceConfig config) {
        try {
            return driver.run(engine, op, config, provider, null);
        } catch (ServiceUnavailableException e) { // the provider's, or CircuitOpenException
            return e.getClass().getSimpleName();
        }
    }

    /** One call per tick from now until {@code untilMillis} (exclusive); the provider is down before {@code upAtMillis}. */
    private void traffic(Driver driver, ResilienceConfig config, long upAtMillis, long untilMillis) {
        while (nowMillis() < untilMillis) {
            down.set(nowMillis() < upAtMillis);
            call(driver, config);
            clock.advance(TICK);
        }
    }

    private CircuitBreakerSnapshot snapshot() {
        return op.pipeline().find(BreakerStage.class).snapshot();
    }

    private static List<Long> closedTraffic(long fromMillis, long untilMillis) {
        return IntStream.iterate((int) fromMillis, t -> t < untilMillis, t -> t + 100).mapToObj(t -> (long) t).toList();
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTwentySecondOutageCostsThresholdPlusFourGrowingTrialsAndRecoveryComesWithinTheCurrentInterval(Driver driver) {
        build();
        ResilienceConfig config = config(Duration.ofSeconds(1));
        traffic(driver, config, 20_000, 30_000);

        // Opens at 200 ms (third failure); trials after 1, 2, 4, 8 s fail; the next period is capped at 10 s, and its
        // trial, 5.2 s after the provider came back, closes the circuit.
        List<Long> whileDown = List.of(0L, 100L, 200L, 1_200L, 3_200L, 7_200L, 15_200L);
        assertThat(requests).isEqualTo(concat(whileDown, closedTraffic(25_200, 30_000)));
        assertThat(requests.stream().filter(t -> t < 20_000)).hasSize(3 + 4);
        assertThat(snapshot().state()).isEqualTo(CircuitState.CLOSED);
        assertThat(snapshot().consecutiveOpens()).isZero();
        assertThat(snapshot().openInterval()).isNull();
        assertThat(op.metrics().snapshot(clock).circuitBreakerOpens()).isEqualTo(5);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void offTheOpenPeriodIsTheSeedsFixedRecoveryTimeout(Driver driver) {
        build();
        traffic(driver, config(null), 20_000, 30_000);

        assertThat(requests).isEqualTo(concat(List.of(0L, 100L, 200L, 10_200L), closedTraffic(20_200, 30_000)));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theSnapshotAndTheRejectionsReportTheCurrentGrowingPeriodCappedByTheRecoveryTimeout(Driver driver) {
        build();
        ResilienceConfig config = config(Duration.ofSeconds(1));
        traffic(driver, config, 60_000, 3_300); // opened at 0.2 s, trials failed at 1.2 s and 3.2 s

        CircuitBreakerSnapshot open = snapshot();
        assertThat(open.state()).isEqualTo(CircuitState.OPEN);
        assertThat(open.consecutiveOpens()).isEqualTo(3);
        assertThat(open.openInterval()).isEqualTo(Duration.ofSeconds(4));
        assertThat(open.openUntil()).isEqualTo(clock.now().plus(Duration.ofMillis(3_900)));
        assertThatThrownBy(() -> driver.run(engine, op, config, provider, null))
                .isInstanceOfSatisfying(CircuitOpenException.class,
                        e -> assertThat(e.retryAt()).isEqualTo(clock.now().plus(Duration.ofMillis(3_900))));

        traffic(driver, config, 60_000, 40_000);
        assertThat(requests).containsSequence(7_200L, 15_200L, 25_200L, 35_200L); // 4, 8, then 10, 10: the cap
        assertThat(snapshot().openInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(snapshot().consecutiveOpens()).isEqualTo(7);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aSuccessfulTrialResetsTheIntervalForTheNextOutage(Driver driver) {
        build();
        ResilienceConfig config = config(Duration.ofSeconds(1));
        traffic(driver, config, 4_000, 10_000); // trials at 1.2 s, 3.2 s fail; 7.2 s closes
        requests.clear();
        traffic(driver, config, 20_000, 12_000); // a second outage from 10 s

        assertThat(requests).containsExactly(10_000L, 10_100L, 10_200L, 11_200L);
        assertThat(snapshot().openInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(snapshot().consecutiveOpens()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aConfigurationChangeWhileOpenKeepsTheStateAndAppliesToTheCurrentPeriod(Driver driver) {
        build();
        traffic(driver, config(Duration.ofSeconds(1)), 60_000, 3_300); // third opening at 3.2 s: 4 s

        // The same breaker, now with half-second steps tripling: the third period is 0.5 × 3² = 4.5 s.
        ResilienceConfig changed = config(Duration.ofMillis(500)).toBuilder()
                .circuitBreaker(config(Duration.ofMillis(500)).circuitBreaker().toBuilder().recoveryMultiplier(3).build())
                .build();
        traffic(driver, changed, 60_000, 7_600);
        assertThat(snapshot().state()).isEqualTo(CircuitState.OPEN);
        assertThat(snapshot().consecutiveOpens()).isEqualTo(3);
        assertThat(snapshot().failureCount()).isEqualTo(3);
        assertThat(snapshot().openInterval()).isEqualTo(Duration.ofMillis(4_500));
        traffic(driver, changed, 60_000, 8_000);
        assertThat(requests).containsExactly(0L, 100L, 200L, 1_200L, 3_200L, 7_700L);
        assertThat(snapshot().openInterval()).isEqualTo(Duration.ofMillis(10_000)); // 0.5 × 3³ = 13.5 s, capped
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void jitterFromTheInjectedRandomShortensOrLengthensAPeriodByAtMostATenthButNeverPastTheCap(Driver driver) {
        random = () -> 0; // every draw is 0: the shortest factor, 0.9
        build();
        ResilienceConfig config = config(Duration.ofSeconds(1));
        traffic(driver, config, 60_000, 2_000);
        assertThat(requests).containsExactly(0L, 100L, 200L, 1_100L);

        random = () -> -1L; // every draw just under 1: the longest factor, just under 1.1
        requests.clear();
        build();
        ResilienceConfig nearCap = config.toBuilder().circuitBreaker(config.circuitBreaker().toBuilder()
                .recoveryInitialInterval(Duration.ofMillis(9_500)).build()).build();
        traffic(driver, nearCap, 60_000, 13_000); // a new operation, from 2 s
        assertThat(requests).containsExactly(2_000L, 2_100L, 2_200L, 12_200L); // 9.5 s × 1.1 > 10 s: exactly the cap
    }

    @Test
    void resilience4jToolingSeesTheGrowingIntervalOfTheSameConfiguration() {
        build();
        IntervalFunction interval = op.pipeline().find(BreakerStage.class)
                .breaker(config(Duration.ofSeconds(1)).circuitBreaker())
                .getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState();
        assertThat(IntStream.rangeClosed(1, 6).mapToObj(interval::apply))
                .containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 10_000L, 10_000L);

        Breakers plain = new Breakers(clock, listeners, random, clock);
        IntervalFunction fixed = new Operation("fixed", o -> new Pipeline(List.of(new BreakerStage(o, plain, clock))))
                .pipeline().find(BreakerStage.class).breaker(config(null).circuitBreaker())
                .getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState();
        assertThat(IntStream.rangeClosed(1, 3).mapToObj(fixed::apply)).containsExactly(10_000L, 10_000L, 10_000L);
    }

    // ---------------------------------------------------------------- health probe

    /** Fixed 10 s periods (the seed's), a probe every second. */
    private static ResilienceConfig probed() {
        ResilienceConfig base = config(null);
        return base.toBuilder().circuitBreaker(base.circuitBreaker().toBuilder()
                .healthProbeInterval(Duration.ofSeconds(1)).build()).build();
    }

    private List<HealthProbeEvent> probeEvents() {
        return events.stream().filter(HealthProbeEvent.class::isInstance).map(HealthProbeEvent.class::cast).toList();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aHealthyProbeMakesTheNextCallTheTrialAndProbesStopOnceClosed(Driver driver) {
        build();
        List<Long> probes = new ArrayList<>();
        op.pipeline().find(BreakerStage.class).healthProbe(() -> {
            probes.add(nowMillis());
            return !down.get();
        });
        ResilienceConfig config = probed();
        traffic(driver, config, 4_550, 20_000);

        // Opened at 200 ms: probes at 1.2, 2.2, 3.2, 4.2 s fail, the one at 5.2 s succeeds and the call right after
        // it is the trial (the fixed period would have waited until 10.2 s). None after: the circuit closed.
        assertThat(probes).containsExactly(1_200L, 2_200L, 3_200L, 4_200L, 5_200L);
        assertThat(requests).isEqualTo(concat(List.of(0L, 100L, 200L), closedTraffic(5_200, 20_000)));
        assertThat(probeEvents()).extracting(HealthProbeEvent::healthy).containsExactly(false, false, false, false, true);
        assertThat(snapshot().healthProbe().healthy()).isEqualTo(1);
        assertThat(snapshot().healthProbe().failed()).isEqualTo(4);
        assertThat(snapshot().healthProbe().nextProbe()).isNull();
        assertThat(clock.pendingTasks()).isZero();
        // Probes are not calls: 3 failures, 49 rejections (0.3 s to 5.1 s) and 148 successes, nothing else.
        assertThat(op.metrics().snapshot(clock).failedCalls()).isEqualTo(3);
        assertThat(op.metrics().snapshot(clock).rejectedCalls()).isEqualTo(49);
        assertThat(op.metrics().snapshot(clock).successfulCalls()).isEqualTo(148);
        assertThat(op.metrics().snapshot(clock).totalCalls()).isEqualTo(3 + 49 + 148);
        assertThat(op.metrics().snapshot(clock).circuitBreakerHalfOpens()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aHealthyProbeFollowedByAFailedTrialOpensAgainAndProbingResumes(Driver driver) {
        build();
        AtomicBoolean probeSaysHealthy = new AtomicBoolean();
        List<Long> probes = new ArrayList<>();
        op.pipeline().find(BreakerStage.class).healthProbe(() -> {
            probes.add(nowMillis());
            return probeSaysHealthy.get();
        });
        ResilienceConfig config = probed();
        traffic(driver, config, 60_000, 1_500); // opened at 0.2 s; the probe at 1.2 s fails
        probeSaysHealthy.set(true); // the cheap call answers, the real one still fails
        traffic(driver, config, 60_000, 3_000);

        // Probe at 2.2 s: half-open; the call right after it is the trial and fails; the chain starts again then.
        assertThat(requests).containsExactly(0L, 100L, 200L, 2_200L);
        assertThat(probes).containsExactly(1_200L, 2_200L);
        assertThat(snapshot().healthProbe().nextProbe()).isEqualTo(clock.now().plus(Duration.ofMillis(200)));
        assertThat(snapshot().state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void probesNeverOverlapAndTheNextOneIsScheduledAfterTheSlowOneEnds() {
        build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        List<Long> starts = new ArrayList<>();
        op.pipeline().find(BreakerStage.class).healthProbe(() -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            starts.add(nowMillis());
            try {
                clock.advance(Duration.ofMillis(2_500)); // a slow probe: anything due meanwhile would run now
            } finally {
                running.decrementAndGet();
            }
            throw new IllegalStateException("still down");
        });
        down.set(true);
        for (int i = 0; i < 3; i++) {
            call(Driver.BLOCKING, probed());
        }
        while (nowMillis() < 9_000) {
            clock.advance(TICK);
        }

        assertThat(mostAtOnce).hasValue(1);
        assertThat(starts).containsExactly(1_000L, 4_500L, 8_000L);
        assertThat(probeEvents()).allSatisfy(e -> {
            assertThat(e.healthy()).isFalse();
            assertThat(e.failure()).hasMessage("still down");
            assertThat(e.duration()).isEqualTo(Duration.ofMillis(2_500));
        });
    }

    @Test
    void noProbeRunsWhileClosedOrAfterTheBreakersAreClosedAndARemovedProbeStops() {
        build();
        AtomicInteger runs = new AtomicInteger();
        BreakerStage stage = op.pipeline().find(BreakerStage.class);
        stage.healthProbe(() -> runs.incrementAndGet() < 0);
        call(Driver.BLOCKING, probed());
        clock.advance(Duration.ofSeconds(5));
        assertThat(runs).hasValue(0); // closed: nothing scheduled

        down.set(true);
        for (int i = 0; i < 3; i++) {
            call(Driver.BLOCKING, probed());
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(1);
        stage.healthProbe(null);
        clock.advance(Duration.ofSeconds(5));
        assertThat(runs).hasValue(1);
        assertThat(snapshot().healthProbe()).isNull();

        stage.healthProbe(() -> runs.incrementAndGet() < 0); // registered while open: starts at once
        clock.advance(Duration.ofSeconds(1));
        assertThat(runs).hasValue(2);
        breakers.close();
        clock.advance(Duration.ofSeconds(5));
        assertThat(runs).hasValue(2);
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void engineBreakersWithoutASchedulerRefuseAProbe() {
        Breakers withoutScheduler = new Breakers(clock, listeners);
        Operation plain = new Operation("plain", o -> new Pipeline(List.of(new BreakerStage(o, withoutScheduler, clock))));
        BreakerStage stage = plain.pipeline().find(BreakerStage.class);
        stage.breaker(CircuitBreakerConfig.DEFAULT);
        assertThatThrownBy(() -> stage.healthProbe(() -> true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'plain'");
    }
}
