package dev.airesilience.server.internalapi;

import static dev.airesilience.server.internalapi.Params.ordered;

import dev.airesilience.server.web.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /internal/resilience/performance} (seed §7.8): the configuration benchmarks of §8, their thresholds, a
 * report of the latest run and the history of the last runs. Runs are bounded: at most {@value
 * Benchmarks#MAX_ITERATIONS} iterations and a time budget per benchmark (2 s, or 10 s with {@code include_slow}),
 * one run at a time.
 */
@RestController
@RequestMapping("/internal/resilience/performance")
public class PerformanceController {

    private static final List<String> POST_FIELDS = List.of("iterations", "include_slow", "operations");

    private final BenchmarkRuns runs;

    public PerformanceController(BenchmarkRuns runs) {
        this.runs = runs;
    }

    /**
     * The seed's seven benchmarks: {@code {benchmark_suite, summary}}. {@code iterations} (1–1000) applies to every
     * benchmark; without it each runs its own default (100, 50, 50, 25, 25, 25, 50), which the seed always did.
     */
    @GetMapping("/benchmark")
    public Map<String, Object> benchmarkSuite(@RequestParam(required = false) String iterations,
            @RequestParam(name = "include_slow", required = false) String includeSlow) {
        Integer count = iterations == null ? null
                : Params.wholeNumber("iterations", iterations, 0, 1, Benchmarks.MAX_ITERATIONS);
        boolean slow = Params.bool("include_slow", includeSlow, false);
        Benchmarks.Run run = runs.run(Benchmarks.SUITE, count, budget(slow));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_benchmarks", run.results().size() + run.failures().size());
        summary.put("pass_rate", run.passRate());
        summary.put("total_duration_ms", Benchmarks.round(run.totalDurationMs()));
        summary.put("failed_benchmarks", run.failedBenchmarks());
        summary.put("performance_target_met", run.passRate() >= 0.8);
        summary.put("over_threshold", run.overThreshold());
        summary.put("all_within_thresholds", run.failures().isEmpty() && run.overThreshold().isEmpty());
        return ordered("benchmark_suite", run.suite(), "summary", summary);
    }

    /**
     * Runs {@code {iterations=50, include_slow=false, operations?: [names]}}: the named benchmarks (the seed's seven
     * and {@code call_overhead}), or the seven when none are named.
     */
    @PostMapping("/benchmark")
    public Map<String, Object> benchmark(@RequestBody(required = false) Map<String, Object> body) {
        Map<String, Object> request = body == null ? Map.of() : body;
        Params.onlyKeys(request, POST_FIELDS);
        int iterations = Params.wholeNumber(request, "iterations", 50, 1, Benchmarks.MAX_ITERATIONS);
        boolean slow = Params.bool(request, "include_slow", false);
        List<String> names = Benchmarks.SUITE;
        Object operations = request.get("operations");
        if (operations != null) {
            if (!(operations instanceof List<?> list) || list.stream().anyMatch(item -> !(item instanceof String))) {
                throw ApiException.invalidField("operations", "an array of benchmark names from " + Benchmarks.names(),
                        Params.json(operations));
            }
            if (!list.isEmpty()) {
                List<String> requested = new ArrayList<>();
                for (Object item : list) {
                    String name = (String) item;
                    if (!Benchmarks.names().contains(name)) {
                        throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                                "Unknown benchmark operation: " + ApiException.abbreviate(name),
                                ordered("field", "operations", "allowed", Benchmarks.names(),
                                        "received", ApiException.abbreviate(name)), null);
                    }
                    if (!requested.contains(name)) {
                        requested.add(name);
                    }
                }
                names = requested;
            }
        }
        Benchmarks.Run run = runs.run(names, iterations, budget(slow));
        List<Benchmarks.Result> results = run.results();
        double avg = results.stream().mapToDouble(Benchmarks.Result::avgMs).average().orElse(0.0);
        double success = results.stream().mapToDouble(Benchmarks.Result::successRate).average().orElse(0.0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_benchmarks", results.size() + run.failures().size());
        summary.put("total_duration_ms", Benchmarks.round(run.totalDurationMs()));
        summary.put("avg_duration_ms", Benchmarks.round(avg));
        summary.put("overall_success_rate", success);
        summary.put("performance_target_met", !results.isEmpty() && avg < Benchmarks.CONFIG_LOADING_MS);
        summary.put("pass_rate", run.passRate());
        summary.put("failed_benchmarks", run.failedBenchmarks());
        summary.put("over_threshold", run.overThreshold());
        summary.put("all_within_thresholds", run.failures().isEmpty() && run.overThreshold().isEmpty());
        summary.put("timestamp", run.startedAt().toString());
        return ordered("results", results, "summary", summary);
    }

    /** The seed's thresholds; public (no key), as in the seed. */
    @GetMapping("/thresholds")
    public Map<String, Object> thresholds() {
        Map<String, Object> benchmarks = new LinkedHashMap<>();
        for (String name : Benchmarks.names()) {
            benchmarks.put(name, ordered("threshold_ms", Benchmarks.threshold(name),
                    "default_iterations", Benchmarks.defaultIterations(name), "in_suite", Benchmarks.SUITE.contains(name)));
        }
        return ordered(
                "thresholds", ordered("config_loading_ms", Benchmarks.CONFIG_LOADING_MS,
                        "preset_access_ms", Benchmarks.PRESET_ACCESS_MS, "validation_ms", Benchmarks.VALIDATION_MS,
                        "service_initialization_ms", Benchmarks.SERVICE_INIT_MS),
                "targets", ordered("primary_target", "Configuration loading < " + fmt(Benchmarks.CONFIG_LOADING_MS) + " ms",
                        "secondary_targets", List.of("Preset access < " + fmt(Benchmarks.PRESET_ACCESS_MS) + " ms",
                                "Validation < " + fmt(Benchmarks.VALIDATION_MS) + " ms",
                                "Service initialization < " + fmt(Benchmarks.SERVICE_INIT_MS) + " ms")),
                "measurement_info", ordered("default_iterations", 50,
                        "memory_tracking", "bytes the benchmark thread allocates per iteration (HotSpot ThreadMXBean);"
                                + " memory_peak_mb is the largest iteration",
                        "timing_precision", "System.nanoTime() (monotonic, nanosecond resolution), reported in ms"
                                + " with 3 decimals, after a warm-up of a fifth of the iterations (at least 5)",
                        "time_budget_ms_per_benchmark", Benchmarks.DEFAULT_BUDGET.toMillis(),
                        "time_budget_ms_per_benchmark_include_slow", Benchmarks.SLOW_BUDGET.toMillis(),
                        "max_iterations", Benchmarks.MAX_ITERATIONS),
                "runtime_thresholds", ordered("call_overhead_ms", Benchmarks.CALL_OVERHEAD_MS),
                "benchmarks", benchmarks);
    }

    /**
     * The latest run as {@code format=json} ({@code {format, suite, analysis}}) or {@code text}
     * ({@code {format, report, timestamp}}); runs the suite first when nothing has run yet or {@code refresh=true}.
     */
    @GetMapping("/report")
    public Map<String, Object> report(@RequestParam(required = false) String format,
            @RequestParam(required = false) String refresh) {
        String wanted = Params.oneOf("format", format, "json", List.of("json", "text"));
        boolean fresh = Params.bool("refresh", refresh, false);
        Benchmarks.Run run = fresh ? null : runs.latest().orElse(null);
        if (run == null) {
            run = runs.run(Benchmarks.SUITE, null, Benchmarks.DEFAULT_BUDGET);
        }
        if (wanted.equals("text")) {
            return ordered("format", "text", "report", textReport(run), "timestamp", Instant.now().toString(),
                    "run_started_at", run.startedAt().toString());
        }
        return ordered("format", "json", "suite", run.suite(), "analysis", analysis(run));
    }

    /**
     * The kept runs (newest last, at most {@value BenchmarkRuns#MAX_HISTORY}, in memory only):
     * {@code current_results} are the last {@code limit} results of the newest run, {@code runs} the last
     * {@code limit} runs in brief, {@code trends} the seed's trend analysis over all kept runs.
     */
    @GetMapping("/history")
    public Map<String, Object> history(@RequestParam(required = false) String limit) {
        int max = Params.wholeNumber("limit", limit, 10, 1, 100);
        List<Benchmarks.Run> all = runs.history();
        List<Map<String, Object>> current = new ArrayList<>();
        if (!all.isEmpty()) {
            Benchmarks.Run latest = all.get(all.size() - 1);
            List<Benchmarks.Result> results = latest.results();
            for (Benchmarks.Result result : results.subList(Math.max(0, results.size() - max), results.size())) {
                current.add(ordered("operation", result.operation(), "avg_duration_ms", result.avgMs(),
                        "timestamp", latest.startedAt().toString()));
            }
        }
        List<Map<String, Object>> brief = new ArrayList<>();
        for (Benchmarks.Run run : all.subList(Math.max(0, all.size() - max), all.size())) {
            Map<String, Object> averages = new LinkedHashMap<>();
            run.results().forEach(result -> averages.put(result.operation(), result.avgMs()));
            brief.add(ordered("timestamp", run.startedAt().toString(), "total_duration_ms",
                    Benchmarks.round(run.totalDurationMs()), "pass_rate", run.passRate(),
                    "failed_benchmarks", run.failedBenchmarks(), "over_threshold", run.overThreshold(),
                    "avg_duration_ms", averages));
        }
        return ordered("message", all.isEmpty() ? "No benchmark has run since the service started"
                        : "The last " + brief.size() + " of " + all.size() + " kept benchmark runs",
                "note", "History is kept in memory (at most " + BenchmarkRuns.MAX_HISTORY
                        + " runs) and starts empty after a restart",
                "current_results", current, "runs", brief, "trends", BenchmarkRuns.trends(all));
    }

    private static Map<String, Object> analysis(Benchmarks.Run run) {
        Double config = avgOf(run, "resilience_config_loading");
        Double preset = avgOf(run, "preset_loading");
        boolean met = run.failures().isEmpty() && run.overThreshold().isEmpty();
        List<String> recommendations = new ArrayList<>();
        recommendations.add(met ? "All benchmarks are within their thresholds; no configuration tuning is needed"
                : "Investigate " + String.join(", ", concat(run.overThreshold(), run.failedBenchmarks()))
                        + ": over their threshold or failing");
        recommendations.add(config != null && config > Benchmarks.CONFIG_LOADING_MS / 2
                ? "Configuration loading uses more than half of its " + fmt(Benchmarks.CONFIG_LOADING_MS)
                        + " ms budget; avoid rebuilding orchestrators per request"
                : "Build the orchestrator once and reuse it; runtime updates swap the configuration without rebuilding");
        return ordered("performance_summary", ordered("avg_config_loading_ms", config, "avg_preset_loading_ms", preset,
                        "target_met", met),
                "recommendations", recommendations);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Double avgOf(Benchmarks.Run run, String name) {
        return run.results().stream().filter(r -> r.operation().equals(name)).map(Benchmarks.Result::avgMs)
                .findFirst().orElse(null);
    }

    /** The seed's text report, with each benchmark judged by its own threshold (the seed used a flat 100 ms). */
    static String textReport(Benchmarks.Run run) {
        StringBuilder out = new StringBuilder();
        out.append("=".repeat(60)).append('\n');
        out.append("RESILIENCE CONFIGURATION PERFORMANCE REPORT\n");
        out.append("=".repeat(60)).append('\n');
        out.append("Run started: ").append(run.suite().get("timestamp")).append('\n');
        out.append(String.format(java.util.Locale.ROOT, "Total duration: %.1f ms%n", run.totalDurationMs()));
        out.append(String.format(java.util.Locale.ROOT, "Pass rate: %.1f%%%n", run.passRate() * 100));
        out.append('\n').append("Performance Results:\n");
        for (Benchmarks.Result result : run.results()) {
            out.append(String.format(java.util.Locale.ROOT,
                    "  %-4s %-26s avg %8.3f ms (threshold %6.1f ms)  min %8.3f  max %8.3f  sd %7.3f  %d iterations,"
                            + " success %.0f%%, memory %.3f MB%n",
                    result.passed() ? "PASS" : "FAIL", result.operation(), result.avgMs(), result.thresholdMs(),
                    result.minMs(), result.maxMs(), result.stdDevMs(), result.iterations(), result.successRate() * 100,
                    result.memoryPeakMb()));
        }
        for (Benchmarks.Failure failure : run.failures()) {
            out.append("  ERROR ").append(failure.operation()).append(": ").append(failure.error()).append('\n');
        }
        return out.toString();
    }

    private static String fmt(double ms) {
        return ms == Math.rint(ms) ? Long.toString((long) ms) : Double.toString(ms);
    }

    private static Duration budget(boolean slow) {
        return slow ? Benchmarks.SLOW_BUDGET : Benchmarks.DEFAULT_BUDGET;
    }
}
