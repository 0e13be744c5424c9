package dev.airesilience.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosSettingsTest {

    @Test
    void calmSettingsHaveNoProblems() {
        assertThat(ChaosSettings.CALM.problems()).isEmpty();
    }

    @Test
    void everyOutOfRangeFieldIsReportedWithItsRangeAndValue() {
        ChaosSettings bad = new ChaosSettings(1.5, Map.of(418, 1, 429, 0), -1, 70_000, -2, -3);

        assertThat(bad.problems()).containsExactlyInAnyOrder(
                "error_rate must be between 0.0 and 1.0, got 1.5",
                "retry_after_seconds must be between 0 and 3600, got -1",
                "latency_ms must be between 0 and 60000, got 70000",
                "requests_per_second must be between 0 (unlimited) and 100000, got -2",
                "fail_next must be between 0 and 100000, got -3",
                "status_mix keys must be one of " + ChaosSettings.ERROR_STATUSES + ", got 418",
                "status_mix.429 weight must be between 1 and 1000, got 0");
    }

    @Test
    void aRawRetryAfterIsAcceptedUpTo1000CharactersAndRejectedBeyond() {
        ChaosSettings longest = new ChaosSettings(1.0, Map.of(429, 1), 1, 0, 0, 0, "9".repeat(1_000));
        ChaosSettings tooLong = new ChaosSettings(1.0, Map.of(429, 1), 1, 0, 0, 0, "9".repeat(1_001));

        assertThat(longest.problems()).isEmpty();
        assertThat(tooLong.problems()).containsExactly("retry_after_raw must be at most 1000 characters, got 1001");
        assertThat(tooLong.withFailNext(2).retryAfterRaw()).isEqualTo(tooLong.retryAfterRaw());
    }

    @Test
    void statusesArePickedInProportionToTheirWeights() {
        ChaosSettings settings = new ChaosSettings(1.0, Map.of(429, 3, 503, 1), 1, 0, 0, 0);

        assertThat(settings.pickStatus(0.0)).isEqualTo(429);
        assertThat(settings.pickStatus(0.74)).isEqualTo(429);
        assertThat(settings.pickStatus(0.76)).isEqualTo(503);
        assertThat(settings.pickStatus(0.999)).isEqualTo(503);
    }

    @Test
    void theSameInputAlwaysGetsTheSameAnswer() {
        String text = "The launch was a success. Customers love the speed. Support found one problem.";

        assertThat(SimulatedAnswers.answer("summarize", text, null))
                .isEqualTo("The launch was a success. Customers love the speed.")
                .isEqualTo(SimulatedAnswers.answer("summarize", text, null));
        assertThat(SimulatedAnswers.answer("qa", text, "What did support find?")).isEqualTo("Support found one problem.");
        assertThat(SimulatedAnswers.answer("sentiment", text, null)).contains("\"positive\"");
    }
}
