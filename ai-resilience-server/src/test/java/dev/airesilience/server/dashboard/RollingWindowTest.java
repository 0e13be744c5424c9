package dev.airesilience.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rolling window is the difference of two lifetime samples, exact and bounded by the window. */
class RollingWindowTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private static RollingWindow.Sample at(int second, long successful, long failed, long rejected) {
        return new RollingWindow.Sample(second * SECOND, 1_000L * second, successful + failed + rejected, successful,
                failed, rejected, 0, 0);
    }

    @Test
    void theWindowRateFallsInAnOutageAndRecoversWhileTheLifetimeRateDoesNot() {
        RollingWindow window = new RollingWindow(100);
        // 10 s of 10 successes a second, 5 s of outage (10 failures a second), then 10 s of successes again.
        long ok = 0;
        long failed = 0;
        for (int s = 0; s <= 25; s++) {
            window.add(at(s, ok, failed, 0));
            if (s < 10 || s >= 15) {
                ok += 10;
            } else {
                failed += 10;
            }
            if (s == 14) {
                RollingWindow.Stats during = window.window(5 * SECOND);
                assertThat(during.calls()).isEqualTo(50);
                assertThat(during.successRate()).isEqualTo(20.0); // 1 good second of 5
                assertThat(during.requestsPerSecond()).isEqualTo(10.0);
            }
        }

        RollingWindow.Stats after = window.window(5 * SECOND);
        assertThat(after.seconds()).isEqualTo(5.0);
        assertThat(after.successRate()).isEqualTo(100.0);
        assertThat(after.calls()).isEqualTo(50);
        // The last sample (s = 25) holds 200 successes and 50 failures: 80 % over the lifetime.
        assertThat((ok - 10) * 100.0 / (ok - 10 + failed)).as("lifetime").isEqualTo(80.0);
    }

    @Test
    void rejectedCallsCountAgainstTheSuccessRateAndAnIdleWindowHasNoRate() {
        RollingWindow window = new RollingWindow(10);
        window.add(at(0, 0, 0, 0));
        window.add(at(1, 3, 0, 1));
        window.add(at(2, 3, 0, 1));

        assertThat(window.window(2 * SECOND).successRate()).isEqualTo(75.0);
        RollingWindow.Stats idle = window.window(SECOND);
        assertThat(idle.calls()).isZero();
        assertThat(idle.successRate()).as("no calls: no rate, not 0 % and not 100 %").isNull();
    }

    @Test
    void withLessHistoryThanTheWindowItCoversWhatThereIs() {
        RollingWindow window = new RollingWindow(10);
        assertThat(window.window(60 * SECOND)).isEqualTo(RollingWindow.Stats.EMPTY);
        window.add(at(0, 0, 0, 0));
        window.add(at(2, 4, 0, 0));

        RollingWindow.Stats stats = window.window(60 * SECOND);
        assertThat(stats.seconds()).isEqualTo(2.0);
        assertThat(stats.requestsPerSecond()).isEqualTo(2.0);
    }

    @Test
    void theRingKeepsOnlyItsCapacityAndAResetStartsOver() {
        RollingWindow window = new RollingWindow(3);
        for (int s = 0; s < 10; s++) {
            window.add(at(s, s * 2L, 0, 0));
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.window(100 * SECOND).seconds()).isEqualTo(2.0);

        window.add(at(10, 1, 0, 0)); // the operation's metrics were reset
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.window(SECOND)).isEqualTo(RollingWindow.Stats.EMPTY);
    }

    @Test
    void theSeriesHoldsTheRollingRateAsOfEachSample() {
        RollingWindow window = new RollingWindow(10);
        window.add(at(0, 0, 0, 0));
        window.add(at(1, 1, 0, 0));
        window.add(at(2, 1, 1, 0));
        window.add(at(3, 1, 1, 0));
        window.add(at(4, 2, 1, 0));

        RollingWindow.Series series = window.series(2 * SECOND);
        assertThat(series.epochMillis()).containsExactly(1_000L, 2_000L, 3_000L, 4_000L);
        assertThat(series.successRate()).containsExactly(100.0, 50.0, 0.0, 100.0);
        assertThat(series.requestsPerSecond()).containsExactly(1.0, 1.0, 0.5, 0.5);
    }

    @Test
    void aRingOfFewerThanTwoSamplesIsRefused() {
        assertThatThrownBy(() -> new RollingWindow(1)).hasMessage("capacity must be at least 2, got 1");
    }
}
