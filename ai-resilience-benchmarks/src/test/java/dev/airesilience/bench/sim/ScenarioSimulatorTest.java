package dev.airesilience.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.airesilience.exception.PermanentAIException;
import java.util.ArrayList;
import java.util.List;
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
}
