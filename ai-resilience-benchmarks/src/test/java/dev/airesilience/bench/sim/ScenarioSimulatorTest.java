package dev.airesilience.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.airesilience.exception.PermanentAIException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's instruments. Only scenarios without time windows are used, so outcomes depend on the seeded
 * dice alone and never on thread timing; the clock runs at 10 µs per simulated second to keep tests fast.
 */
class ScenarioSimulatorTest {

    private static final long FAST = 10_000; // real nanoseconds per simulated second

    private static List<String> outcomes(Scenario scenario, long seed, int requests) {
        SimulatedProvider provider = new SimulatedProvider(scenario, new ScaledClock(FAST), seed, 100);
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            context.client = 1;
            context.request = i;
            context.calls = 0;
            try {
                outcomes.add(provider.call());
            } catch (RuntimeException failure) {
                outcomes.add(failure.getMessage());
            }
        }
        return outcomes;
    }

    @Test
    void theSameSeedGivesTheSameProviderAnswers() {
        assertThat(outcomes(Scenario.A_TRANSIENT, 42, 200)).isEqualTo(outcomes(Scenario.A_TRANSIENT, 42, 200));
        assertThat(outcomes(Scenario.A_TRANSIENT, 42, 200)).isNotEqualTo(outcomes(Scenario.A_TRANSIENT, 7, 200));
    }

    @Test
    void transientScenarioFailsAboutOneCallInFive() {
        List<String> answers = outcomes(Scenario.A_TRANSIENT, 42, 5_000);
        double failures = answers.stream().filter(a -> !a.equals("ok")).count() / 5_000.0;
        assertThat(failures).isCloseTo(0.2, within(0.02));
    }

    @Test
    void aBadRequestStaysBadOnEveryAttempt() {
        SimulatedProvider provider = new SimulatedProvider(Scenario.D_MIXED, new ScaledClock(FAST), 42, 100);
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        context.client = 0;
        long bad = -1;
        for (long request = 0; request < 1_000 && bad < 0; request++) {
            context.request = request;
            context.calls = 0;
            try {
                provider.call();
            } catch (PermanentAIException permanent) {
                bad = request;
            } catch (RuntimeException transientFailure) {
                // a transient 500; keep looking
            }
        }
        assertThat(bad).as("some request is a bad request").isNotNegative();
        context.request = bad;
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThatThrownBy(provider::call).isInstanceOf(PermanentAIException.class);
        }
    }

    @Test
    void retryingContendersNeverDoWorseThanNoneWhenFailuresAreIndependent() throws InterruptedException {
        Contender.Kind none = Contender.all().get(0);
        Contender.Kind naive = Contender.all().get(1);
        ScenarioSimulator.Result bare = ScenarioSimulator.run(Scenario.A_TRANSIENT, none, 2, 100, FAST, 42, 100);
        ScenarioSimulator.Result retried = ScenarioSimulator.run(Scenario.A_TRANSIENT, naive, 2, 100, FAST, 42, 100);

        assertThat(bare.callsPerRequest()).isEqualTo(1.0);
        assertThat(bare.successRatio()).isCloseTo(0.8, within(0.06));
        assertThat(retried.successRatio()).isGreaterThan(bare.successRatio());
        assertThat(retried.callsPerRequest()).isBetween(1.0, 3.0);
    }

    @Test
    void staggeredClientsStartOneInterArrivalApartAndThinkWithinTwentyPercent() {
        ScenarioSimulator.Arrivals staggered = ScenarioSimulator.Arrivals.STAGGERED;
        double cycle = ScenarioSimulator.THINK_S + Scenario.NORMAL_LATENCY_S;
        for (int client = 0; client < 8; client++) {
            assertThat(staggered.firstRequestAt(client, 8)).isCloseTo(cycle * client / 8, within(1e-9));
        }
        double[] thinks = new double[400];
        for (int i = 0; i < thinks.length; i++) {
            thinks[i] = staggered.thinkAfter(42, i % 8, i / 8);
            assertThat(thinks[i]).isBetween(0.8 * ScenarioSimulator.THINK_S, 1.2 * ScenarioSimulator.THINK_S);
            assertThat(staggered.thinkAfter(42, i % 8, i / 8)).as("the same for every contender").isEqualTo(thinks[i]);
        }
        double mean = java.util.Arrays.stream(thinks).average().orElseThrow();
        assertThat(mean).isCloseTo(ScenarioSimulator.THINK_S, within(0.05));
        assertThat(java.util.Arrays.stream(thinks).distinct().count()).as("jittered").isGreaterThan(300);
        assertThat(staggered.thinkAfter(43, 0, 0)).as("another seed, other users").isNotEqualTo(staggered.thinkAfter(42, 0, 0));
    }

    @Test
    void normalLatenciesAreLogNormalAroundTheMedianAndTheSameForEveryContender() {
        SimulatedProvider spread = new SimulatedProvider(Scenario.A_TRANSIENT, new ScaledClock(FAST), 42, 100, true, 0.4);
        double[] latencies = new double[20_000];
        for (int i = 0; i < latencies.length; i++) {
            latencies[i] = spread.normalLatency(i % 8, i / 8, 1);
            assertThat(spread.normalLatency(i % 8, i / 8, 1)).isEqualTo(latencies[i]);
        }
        java.util.Arrays.sort(latencies);
        assertThat(latencies[latencies.length / 2]).as("median").isCloseTo(Scenario.NORMAL_LATENCY_S, within(0.01));
        // p99 of a log-normal: median x e^(2.326 sigma) = 0.2 x 2.54 = 0.51 s
        assertThat(latencies[(int) (latencies.length * 0.99)]).as("p99").isCloseTo(0.51, within(0.03));
        assertThat(spread.normalLatency(0, 0, 2)).as("a retry draws its own").isNotEqualTo(spread.normalLatency(0, 0, 1));

        SimulatedProvider constant = new SimulatedProvider(Scenario.A_TRANSIENT, new ScaledClock(FAST), 42, 100, true, 0);
        assertThat(constant.normalLatency(3, 7, 1)).isEqualTo(Scenario.NORMAL_LATENCY_S);
        assertThatThrownBy(() -> new ScenarioSimulator.Load(ScenarioSimulator.Arrivals.STAGGERED, 1.5))
                .hasMessage("--latency-sigma must be between 0 and 1, got 1.5");
    }

    @Test
    void lockstepClientsAllStartAtZeroAndThinkExactly() {
        ScenarioSimulator.Arrivals lockstep = ScenarioSimulator.Arrivals.parse("lockstep");
        assertThat(lockstep.firstRequestAt(5, 8)).isZero();
        assertThat(lockstep.thinkAfter(42, 5, 17)).isEqualTo(ScenarioSimulator.THINK_S);
        assertThatThrownBy(() -> ScenarioSimulator.Arrivals.parse("burst"))
                .hasMessage("--arrivals must be staggered or lockstep, got 'burst'");
    }

    @Test
    void optimumUnderIndependentFailuresIsOneMinusPToTheAttempts() {
        Scenario.Optimum optimum = Scenario.A_TRANSIENT.optimum(3, 5, 60, 100);
        assertThat(optimum.success()).isCloseTo(0.992, within(1e-9));
        assertThat(optimum.callsPerRequest()).isCloseTo(1.24, within(1e-9));
        assertThat(optimum.rateLimited()).isZero();
    }

    @Test
    void optimumDuringAnOutageIsTheThresholdPlusOneProbePerRecoveryInterval() {
        // Outage from 0.30 D to 0.60 D of D = 400 s: 120 s, two 60 s recovery intervals.
        assertThat(Scenario.B_OUTAGE.optimum(3, 5, 60, 400).callsWhileDown()).isEqualTo(7);
    }

    @Test
    void theOverloadedProviderQueuesUpToItsLimitThenAnswers529() {
        SimulatedProvider provider = new SimulatedProvider(Scenario.G_OVERLOAD, new ScaledClock(FAST), 42, 100);
        // Five workers take five 1 s requests at t = 0 at once; the next ones queue behind them, a second per round.
        for (int i = 0; i < Scenario.OVERLOAD_WORKERS; i++) {
            assertThat(provider.admit(0, 1.0)).isZero();
        }
        for (int round = 1; round <= Scenario.OVERLOAD_MAX_WAIT_S; round++) {
            for (int i = 0; i < Scenario.OVERLOAD_WORKERS; i++) {
                assertThat(provider.admit(0, 1.0)).isEqualTo(round);
            }
        }
        assertThat(provider.admit(0, 1.0)).as("more than 4 s of queued work: refused").isNaN();
        // Once the queue has drained, the provider serves at once again.
        assertThat(provider.admit(Scenario.OVERLOAD_MAX_WAIT_S + 1, 1.0)).isZero();
    }

    @Test
    void theOverloadedProviderServesAClientThatHasGivenUpAndSaysSo() {
        // 100 ms per simulated second: the few real milliseconds this test takes to reach the call are < 0.1 s.
        SimulatedProvider provider = new SimulatedProvider(Scenario.G_OVERLOAD, new ScaledClock(100_000_000), 42, 100);
        // Every worker busy until 3.9 s: an attempt now waits about 3.85 s (admitted), and a service of at least
        // 1.4 s (dice >= 0.9) ends after the client's 5 s timeout.
        for (int i = 0; i < Scenario.OVERLOAD_WORKERS; i++) {
            provider.admit(0, 3.9);
        }
        long request = 0;
        while (SimulatedProvider.dice(42, 0, request, 1) < 0.9) {
            request++;
        }
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        context.client = 0;
        context.request = request;
        context.calls = 0;
        assertThatThrownBy(provider::call).hasMessageContaining("504");
        assertThat(provider.servedForNobody.sum()).isEqualTo(1);
        assertThat(provider.overloaded.sum()).isZero();
        assertThat(provider.lastFailureMicros.get()).isNotNegative();
    }

    @Test
    void aboutOneAttemptInTwentyStallsAndTheHealthyBaselineNever() {
        List<String> answers = outcomes(Scenario.H_STALLS, 42, 4_000);
        double stalls = answers.stream().filter(a -> a.contains("504")).count() / 4_000.0;
        assertThat(stalls).isCloseTo(Scenario.STALL_PROBABILITY, within(0.01));

        SimulatedProvider healthy = new SimulatedProvider(Scenario.H_STALLS, new ScaledClock(FAST), 42, 100, false, 0);
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        context.client = 1;
        for (int i = 0; i < 1_000; i++) {
            context.request = i;
            context.calls = 0;
            assertThat(healthy.call()).isEqualTo("ok");
        }
    }

    @Test
    void aCellOfSeveralSeedsShowsTheMeanAndTheRange() {
        List<ScenarioSimulator.Result> results = List.of(result(0.90, 1.0), result(0.96, 1.2), result(0.93, 1.1));
        assertThat(ScenarioSimulator.cell(results, ScenarioSimulator.Result::successRatio, "%"))
                .isEqualTo("93.0% (90.0-96.0%)");
        assertThat(ScenarioSimulator.cell(results.subList(0, 1), ScenarioSimulator.Result::callsPerRequest, "%.3f"))
                .isEqualTo("1.000");
        assertThat(ScenarioSimulator.cell(results, ScenarioSimulator.Result::goodput, "%.2f")).isEqualTo("-");
        // A value only one seed had (a recovery the others never reached) says so.
        assertThat(ScenarioSimulator.cell(results, r -> r.successRatio() > 0.95 ? 12.5 : null, "%.1f"))
                .isEqualTo("12.5 [1/3]");
    }

    @Test
    void theOutageAndBrownOutOptimaComeFromTheirReferenceRows() {
        Map<String, List<ScenarioSimulator.Result>> rows = Map.of(
                "none", List.of(result(0.70, 1.0), result(0.74, 1.0)),
                "naive-retry", List.of(result(0.97, 1.2)));
        assertThat(TargetReport.optimumSuccess(Scenario.B_OUTAGE, rows)).isCloseTo(0.72, within(1e-9));
        assertThat(TargetReport.optimumSuccess(Scenario.F_BROWN_OUT, rows)).isCloseTo(0.97, within(1e-9));
        assertThat(TargetReport.optimumSuccess(Scenario.A_TRANSIENT, rows)).isNull();

        Map<String, List<ScenarioSimulator.Result>> withPerfect = Map.of("none", List.of(result(0.70, 1.0)),
                ScenarioSimulator.PERFECT_BREAKER, List.of(result(0.67, 0.67)));
        assertThat(TargetReport.optimumSuccess(Scenario.B_OUTAGE, withPerfect)).as("the perfect breaker, when it ran")
                .isCloseTo(0.67, within(1e-9));
    }

    @Test
    void thePerfectBreakerAnswersTheOutagesRequestsWithoutCallingAndCallsOtherwise() throws InterruptedException {
        // 1 real ms per simulated second: the window must fall between requests, not within a scheduler's tick.
        ScenarioSimulator.Result perfect = ScenarioSimulator.run(Scenario.B_OUTAGE, ScenarioSimulator.perfectBreaker(),
                2, 50, 1_000_000, 42, 50 * (ScenarioSimulator.THINK_S + Scenario.NORMAL_LATENCY_S));

        assertThat(perfect.callsWhileDown()).isZero();
        // The outage lasts 30% of the nominal run; clients answered at once there send somewhat more requests into it.
        assertThat(perfect.successRatio()).isBetween(0.55, 0.72);
        assertThat(perfect.successInclFallbackRatio()).isEqualTo(1.0);
    }

    @Test
    void aCustomisedContenderHasTheShapeOfItsStrategy() {
        assertThat(Contender.shape("ours-balanced+load")).containsExactly(Contender.shape("ours-balanced"));
        assertThat(Contender.all().stream().map(Contender.Kind::name)).contains("ours-balanced+load").doesNotHaveDuplicates();
    }

    private static ScenarioSimulator.Result result(double success, double calls) {
        return new ScenarioSimulator.Result("x", "c", 42, 100, success, success, calls, 0, 0, 0.2, 0.2, 0.2,
                null, null, null, null, null, null, null, null, 1);
    }
}
