package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airesilience.server.Api;
import dev.airesilience.server.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One benchmark run at a time (a second one meanwhile is a 409), and a bounded in-memory history. */
class BenchmarkRunsTest {

    private static Benchmarks.Run emptyRun() {
        return new Benchmarks.Run(List.of(), List.of(), Instant.now(), 0, Duration.ofSeconds(1));
    }

    @Test
    void aSecondRunWhileOneIsUnderWayIsRefusedWith409AndRetryAfter() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        BenchmarkRuns runs = new BenchmarkRuns((names, iterations, budget) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return emptyRun();
        });
        Thread thread = new Thread(() -> runs.run(Benchmarks.SUITE, null, Duration.ofSeconds(1)), "first-run");
        thread.start();
        Api.await(Duration.ofSeconds(5), runs::isRunning, "the first run to start");

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> runs.run(List.of("preset_loading"), 1, Duration.ofSeconds(1)));
        release.countDown();
        thread.join(10_000);

        assertThat(refused.status().value()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("CONFLICT");
        assertThat(refused.getMessage()).contains("already in progress");
        assertThat(refused.retryAfter()).isPositive();
        assertThat(runs.history()).as("only the first run ran").hasSize(1);
        assertThat(runs.isRunning()).isFalse();
        runs.run(List.of("preset_loading"), 1, Duration.ofSeconds(1));
        assertThat(runs.history()).as("free again once the first has finished").hasSize(2);
    }

    @Test
    void theHistoryKeepsTheLastTwentyRuns() {
        BenchmarkRuns runs = new BenchmarkRuns();
        for (int i = 0; i < BenchmarkRuns.MAX_HISTORY + 3; i++) {
            runs.run(List.of("preset_loading"), 1, Duration.ofSeconds(1));
        }

        assertThat(runs.history()).hasSize(BenchmarkRuns.MAX_HISTORY);
        assertThat(runs.latest()).containsSame(runs.history().get(BenchmarkRuns.MAX_HISTORY - 1));
    }
}
