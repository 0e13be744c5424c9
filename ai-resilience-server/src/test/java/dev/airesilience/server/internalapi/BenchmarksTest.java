package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark module (seed §8) without the HTTP layer: the seven benchmarks with the seed's result fields,
 * per-iteration failures recorded, the time budget that keeps a run bounded, and the text report judging each
 * benchmark by its own threshold.
 */
class BenchmarksTest {

    @Test
    void theSuiteIsTheSeedsSevenBenchmarksInItsOrderWithItsThresholdsAndDefaults() {
        assertThat(Benchmarks.SUITE).containsExactly("preset_loading", "settings_initialization",
                "resilience_config_loading", "service_initialization", "custom_config_loading", "legacy_config_loading",
                "validation_performance");
        assertThat(Benchmarks.SUITE.stream().map(Benchmarks::threshold).toList())
                .containsExactly(10.0, 100.0, 100.0, 200.0, 100.0, 100.0, 50.0);
        assertThat(Benchmarks.SUITE.stream().map(Benchmarks::defaultIterations).toList())
                .containsExactly(100, 50, 50, 25, 25, 25, 50);
        assertThat(Benchmarks.names()).contains("call_overhead");
    }

    @Test
    void everyBenchmarkRunsWithoutFailuresAndReportsTheSeedsFields() {
        Benchmarks.Run run = Benchmarks.run(Benchmarks.SUITE, 3, Duration.ofSeconds(5));

        assertThat(run.failures()).isEmpty();
        assertThat(run.results()).extracting(Benchmarks.Result::operation).containsExactlyElementsOf(Benchmarks.SUITE);
        for (Benchmarks.Result result : run.results()) {
            assertThat(result.iterations()).as(result.operation()).isEqualTo(3);
            assertThat(result.successRate()).as(result.operation()).isEqualTo(1.0);
            assertThat(result.minMs()).as(result.operation()).isLessThanOrEqualTo(result.avgMs());
            assertThat(result.avgMs()).as(result.operation()).isLessThanOrEqualTo(result.maxMs());
            assertThat(result.durationMs()).as(result.operation()).isGreaterThanOrEqualTo(result.maxMs());
            assertThat(result.stdDevMs()).as(result.operation()).isNotNegative();
            assertThat(result.memoryPeakMb()).as(result.operation()).isNotNegative();
            assertThat(result.metadata()).as(result.operation()).containsKeys("warmup_iterations", "memory_measure");
        }
        assertThat(run.results().get(3).memoryPeakMb()).as("three orchestrators allocate").isPositive();
        Benchmarks.Result validation = run.results().get(6);
        assertThat(validation.metadata()).containsEntry("config_0_valid", true).containsEntry("config_0_errors", 0)
                .containsEntry("config_1_valid", false).containsEntry("config_2_valid", true);
        assertThat((Integer) validation.metadata().get("config_1_errors")).isEqualTo(2);
        assertThat(run.results().get(5).metadata()).containsEntry("legacy_sets", 2);
        assertThat(run.suite()).containsKeys("name", "results", "total_duration_ms", "pass_rate", "failed_benchmarks",
                "timestamp", "environment_info");
        assertThat((String) run.suite().get("timestamp")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    }

    @Test
    void oneIterationHasNoSpreadAndTheStandardDeviationIsTheSampleOne() {
        Benchmarks.Result one = Benchmarks.run("preset_loading", 1, Duration.ofSeconds(5));
        Benchmarks.Result many = Benchmarks.run("settings_initialization", 20, Duration.ofSeconds(5));

        assertThat(one.stdDevMs()).isZero();
        assertThat(one.minMs()).isEqualTo(one.maxMs());
        assertThat(many.stdDevMs()).isLessThanOrEqualTo(many.maxMs() - many.minMs());
    }

    @Test
    void aRunStopsIteratingWhenItsTimeBudgetIsSpent() {
        long start = System.nanoTime();
        Benchmarks.Result result = Benchmarks.run("service_initialization", 1_000, Duration.ofMillis(1));
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(result.iterations()).isBetween(1, 999);
        assertThat(result.metadata()).containsEntry("requested_iterations", 1_000)
                .containsEntry("stopped_by_time_budget_ms", 1L);
        assertThat(seconds).as("1,000 iterations of 3 orchestrators would take far longer").isLessThan(5);
    }

    @Test
    void theTextReportJudgesEachBenchmarkByItsOwnThreshold() {
        Benchmarks.Result slowPreset = new Benchmarks.Result("preset_loading", 1, 20, 20, 20, 20, 0, 0.1, 1.0, 10.0,
                false, java.util.Map.of());
        Benchmarks.Result fastService = new Benchmarks.Result("service_initialization", 1, 150, 150, 150, 150, 0, 0.1,
                1.0, 200.0, true, java.util.Map.of());
        Benchmarks.Run run = new Benchmarks.Run(List.of(slowPreset, fastService), List.of(),
                java.time.Instant.parse("2025-01-02T03:04:05Z"), 170, Duration.ofSeconds(2));

        String report = PerformanceController.textReport(run);

        assertThat(report).contains("RESILIENCE CONFIGURATION PERFORMANCE REPORT", "Performance Results:");
        // The seed's flat 100 ms rule would pass the first (20 < 100) and fail the second (150 > 100).
        assertThat(report).containsPattern("FAIL +preset_loading").containsPattern("PASS +service_initialization");
        assertThat(run.passRate()).isEqualTo(0.5);
        assertThat(run.overThreshold()).containsExactly("preset_loading");
    }

    @Test
    void theTrendAnalysisComparesTheOlderAndNewerHalvesOfTheKeptRuns() {
        java.util.function.DoubleFunction<Benchmarks.Run> runWith = avg -> new Benchmarks.Run(List.of(
                new Benchmarks.Result("preset_loading", 1, avg, avg, avg, avg, 0, 0, 1.0, 10.0, true, java.util.Map.of())),
                List.of(), java.time.Instant.now(), avg, Duration.ofSeconds(2));

        assertThat(BenchmarkRuns.trends(List.of())).containsEntry("message",
                "No historical data available for trend analysis");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> preset = (java.util.Map<String, Object>) BenchmarkRuns.trends(
                List.of(runWith.apply(2.0), runWith.apply(2.0), runWith.apply(1.0), runWith.apply(1.0))).get("preset_loading");
        assertThat(preset).containsEntry("trend_percentage", -50.0).containsEntry("direction", "improving");
    }
}
