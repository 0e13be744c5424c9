package dev.airesilience.server.internalapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.server.text.TextOperation;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.ResilienceSettings;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's configuration benchmarks (§8): the seven of its suite, measured on private orchestrators so the
 * service's own metrics and event log are untouched, plus {@code call_overhead}, the per-call cost of the decorator
 * (the documented &lt; 1 ms), on request. Each benchmark warms up first (a fifth of its iterations, at least 5) and
 * stops early when its time budget is spent, so a run on a busy 2-core machine stays bounded: with the default
 * budget of 2 s per benchmark the seven take at most about 15 s.
 *
 * <p>A {@link Result} has the seed's keys ({@code std_dev_ms} is the sample standard deviation, 0 for one
 * iteration; {@code success_rate} = iterations that did not throw / iterations; an exception is recorded in
 * {@code metadata} as {@code error_<i>}), plus {@code threshold_ms} and {@code passed}: within the threshold
 * <em>and</em> no iteration failed (the seed let failing benchmarks pass). {@code memory_peak_mb} is the most the
 * benchmark thread allocated in one iteration (HotSpot's per-thread allocation counter; the JVM has no
 * {@code tracemalloc}), an upper bound of the peak the seed traced.
 */
final class Benchmarks {

    /** The seed's {@code PerformanceThreshold} values (ms). */
    static final double CONFIG_LOADING_MS = 100.0;
    static final double PRESET_ACCESS_MS = 10.0;
    static final double VALIDATION_MS = 50.0;
    static final double SERVICE_INIT_MS = 200.0;
    /** The documented per-call decorator overhead (ms). */
    static final double CALL_OVERHEAD_MS = 1.0;

    /** Per benchmark: threshold (ms) and default iterations; the seed's seven first, in its order. */
    static final Map<String, double[]> TABLE;

    static {
        Map<String, double[]> table = new LinkedHashMap<>();
        table.put("preset_loading", new double[] {PRESET_ACCESS_MS, 100});
        table.put("settings_initialization", new double[] {CONFIG_LOADING_MS, 50});
        table.put("resilience_config_loading", new double[] {CONFIG_LOADING_MS, 50});
        table.put("service_initialization", new double[] {SERVICE_INIT_MS, 25});
        table.put("custom_config_loading", new double[] {CONFIG_LOADING_MS, 25});
        table.put("legacy_config_loading", new double[] {CONFIG_LOADING_MS, 25});
        table.put("validation_performance", new double[] {VALIDATION_MS, 50});
        table.put("call_overhead", new double[] {CALL_OVERHEAD_MS, 1_000});
        TABLE = Collections.unmodifiableMap(table);
    }

    /** The seed's suite: seven benchmarks. */
    static final List<String> SUITE = List.of("preset_loading", "settings_initialization", "resilience_config_loading",
            "service_initialization", "custom_config_loading", "legacy_config_loading", "validation_performance");

    static final String SUITE_NAME = "Resilience Configuration Performance Benchmark";
    static final int MAX_ITERATIONS = 1_000;
    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);
    static final Duration SLOW_BUDGET = Duration.ofSeconds(10);
    private static final int MAX_RECORDED_ERRORS = 10;

    private static final DateTimeFormatter SEED_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final List<String> CUSTOM_CONFIGS = List.of(
            "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 6}",
            "{\"retry_attempts\": 2, \"recovery_timeout\": 45, \"default_strategy\": \"aggressive\"}",
            "{\"retry_attempts\": 5, \"exponential_multiplier\": 1.5, \"exponential_min\": 2.0, \"exponential_max\": 20.0,"
                    + " \"operation_overrides\": {\"qa\": \"critical\"}}");
    private static final List<Map<String, String>> LEGACY_SETS = List.of(
            Map.of("RETRY_MAX_ATTEMPTS", "4", "CIRCUIT_BREAKER_FAILURE_THRESHOLD", "6"),
            Map.of("RETRY_MAX_ATTEMPTS", "2", "CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "90",
                    "DEFAULT_RESILIENCE_STRATEGY", "conservative", "QA_RESILIENCE_STRATEGY", "critical"));
    private static final List<String> VALIDATED = List.of(
            "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 6}",
            "{\"retry_attempts\": 99, \"recovery_timeout\": 0}",
            "{\"default_strategy\": \"balanced\", \"operation_overrides\": {\"summarize\": \"conservative\"},"
                    + " \"exponential_min\": 2.0, \"exponential_max\": 10.0}");

    /** One benchmark's measurements, with the seed's {@code BenchmarkResult} keys. */
    @JsonPropertyOrder({"operation", "iterations", "duration_ms", "avg_duration_ms", "min_duration_ms",
            "max_duration_ms", "std_dev_ms", "memory_peak_mb", "success_rate", "threshold_ms", "passed", "metadata"})
    record Result(
            @JsonProperty("operation") String operation,
            @JsonProperty("iterations") int iterations,
            @JsonProperty("duration_ms") double durationMs,
            @JsonProperty("avg_duration_ms") double avgMs,
            @JsonProperty("min_duration_ms") double minMs,
            @JsonProperty("max_duration_ms") double maxMs,
            @JsonProperty("std_dev_ms") double stdDevMs,
            @JsonProperty("memory_peak_mb") double memoryPeakMb,
            @JsonProperty("success_rate") double successRate,
            @JsonProperty("threshold_ms") double thresholdMs,
            @JsonProperty("passed") boolean passed,
            @JsonProperty("metadata") Map<String, Object> metadata) {}

    /** A benchmark that threw as a whole (its set-up failed): the seed's {@code failed_benchmarks}. */
    record Failure(String operation, String error) {}

    /** One run: its results, the benchmarks that threw as a whole, and when and how long. */
    record Run(List<Result> results, List<Failure> failures, Instant startedAt, double totalDurationMs,
            Duration budget) {

        /** Results within their own threshold with every iteration successful / results (0 without results). */
        double passRate() {
            return results.isEmpty() ? 0.0 : (double) results.stream().filter(Result::passed).count() / results.size();
        }

        List<String> overThreshold() {
            return results.stream().filter(r -> !r.passed()).map(Result::operation).toList();
        }

        List<String> failedBenchmarks() {
            return failures.stream().map(Failure::operation).toList();
        }

        /** The seed's suite dictionary (§8). */
        Map<String, Object> suite() {
            Map<String, Object> suite = new LinkedHashMap<>();
            suite.put("name", SUITE_NAME);
            suite.put("results", results);
            suite.put("total_duration_ms", round(totalDurationMs));
            suite.put("pass_rate", passRate());
            suite.put("failed_benchmarks", failedBenchmarks());
            suite.put("failures", failures.stream().map(f -> Map.of("operation", f.operation(), "error", f.error())).toList());
            suite.put("over_threshold", overThreshold());
            suite.put("timestamp", SEED_TIMESTAMP.format(startedAt));
            suite.put("started_at", startedAt.toString());
            suite.put("time_budget_ms_per_benchmark", budget.toMillis());
            suite.put("environment_info", environmentInfo());
            return suite;
        }
    }

    private Benchmarks() {}

    static List<String> names() {
        return List.copyOf(TABLE.keySet());
    }

    static double threshold(String name) {
        return TABLE.get(name)[0];
    }

    static int defaultIterations(String name) {
        return (int) TABLE.get(name)[1];
    }

    /**
     * Runs {@code names} in order.
     *
     * @param iterations per benchmark, or {@code null} for each benchmark's own default
     * @param budget measured time (warm-up included) after which a benchmark stops iterating
     */
    static Run run(List<String> names, Integer iterations, Duration budget) {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String name : names) {
            int count = iterations == null ? defaultIterations(name) : iterations;
            try {
                results.add(run(name, count, budget));
            } catch (RuntimeException e) {
                failures.add(new Failure(name, describe(e)));
            }
        }
        return new Run(List.copyOf(results), List.copyOf(failures), startedAt, (System.nanoTime() - start) / 1e6, budget);
    }

    /** One benchmark; per-iteration failures are in its result, a failing set-up throws. */
    static Result run(String name, int iterations, Duration budget) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        return switch (name) {
            case "preset_loading" -> measure(name, iterations, budget, metadata, () -> {
                long fields = 0;
                for (String preset : PresetManager.listPresets()) {
                    fields += PresetManager.getPreset(preset).retryAttempts();
                }
                return fields;
            });
            case "settings_initialization" -> measure(name, iterations, budget, metadata, () -> {
                List<ResilienceSettings> settings = new ArrayList<>(3);
                for (String preset : PresetManager.listPresets()) {
                    settings.add(ResilienceSettings.builder().preset(preset).build());
                }
                return settings;
            });
            case "resilience_config_loading" -> measure(name, iterations, budget, metadata, () -> {
                List<Object> loaded = new ArrayList<>(3);
                for (String preset : PresetManager.listPresets()) {
                    try (AIServiceResilience resilience = orchestrator(ResilienceSettings.builder().preset(preset).build())) {
                        loaded.add(resilience.getConfiguration());
                    }
                }
                return loaded;
            });
            case "service_initialization" -> measure(name, iterations, budget, metadata, () -> {
                List<Object> configs = new ArrayList<>(15);
                for (String preset : PresetManager.listPresets()) {
                    try (AIServiceResilience resilience = orchestrator(ResilienceSettings.builder().preset(preset).build())) {
                        for (TextOperation operation : TextOperation.values()) {
                            configs.add(resilience.getOperationConfig(operation.resilienceOperation()));
                        }
                    }
                }
                return configs;
            });
            case "custom_config_loading" -> {
                metadata.put("custom_configs", CUSTOM_CONFIGS.size());
                yield measure(name, iterations, budget, metadata, () -> {
                    List<Object> loaded = new ArrayList<>(3);
                    for (String custom : CUSTOM_CONFIGS) {
                        try (AIServiceResilience resilience = orchestrator(
                                ResilienceSettings.builder().preset("simple").customConfig(custom).build())) {
                            requireNoProblems(resilience);
                            loaded.add(resilience.getConfiguration());
                        }
                    }
                    return loaded;
                });
            }
            case "legacy_config_loading" -> {
                metadata.put("legacy_sets", LEGACY_SETS.size());
                yield measure(name, iterations, budget, metadata, () -> {
                    List<Object> loaded = new ArrayList<>(2);
                    for (Map<String, String> environment : LEGACY_SETS) {
                        try (AIServiceResilience resilience = orchestrator(ResilienceSettings.fromEnvironment(environment))) {
                            requireNoProblems(resilience);
                            loaded.add(resilience.getConfiguration());
                        }
                    }
                    return loaded;
                });
            }
            case "validation_performance" -> {
                try (AIServiceResilience resilience = orchestrator(ResilienceSettings.defaults())) {
                    for (int i = 0; i < VALIDATED.size(); i++) {
                        ValidationResult result = resilience.validateConfiguration(VALIDATED.get(i));
                        metadata.put("config_" + i + "_valid", result.isValid());
                        metadata.put("config_" + i + "_errors", result.errors().size());
                    }
                    yield measure(name, iterations, budget, metadata, () -> {
                        List<ValidationResult> results = new ArrayList<>(3);
                        for (String json : VALIDATED) {
                            results.add(resilience.validateConfiguration(json));
                        }
                        return results;
                    });
                }
            }
            case "call_overhead" -> {
                try (AIServiceResilience resilience = orchestrator(ResilienceSettings.defaults())) {
                    ResilienceDecorator<Integer> decorator = resilience.withOperationResilience("benchmark_call");
                    metadata.put("note", "one successful call through retry, breaker and metrics; no provider");
                    yield measure(name, Math.max(iterations, 1_000), budget, metadata, () -> decorator.call(() -> 1));
                }
            }
            default -> throw new IllegalArgumentException("Unknown benchmark operation: " + name);
        };
    }

    /** Work that may throw; {@code Callable} without the checked exception of its signature. */
    @FunctionalInterface
    interface Work {
        Object run() throws Exception;
    }

    private static AIServiceResilience orchestrator(ResilienceSettings settings) {
        return new AIServiceResilience(settings);
    }

    private static void requireNoProblems(AIServiceResilience resilience) {
        if (!resilience.getStartupConfigurationProblems().isEmpty()) {
            throw new IllegalStateException("configuration rejected: " + resilience.getStartupConfigurationProblems());
        }
    }

    private static Result measure(String name, int iterations, Duration budget, Map<String, Object> metadata, Work work) {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        long deadline = System.nanoTime() + budget.toNanos();
        int warmUp = Math.max(5, iterations / 5);
        Object sink = null;
        for (int i = 0; i < warmUp && System.nanoTime() - deadline < 0; i++) {
            try {
                sink = work.run();
            } catch (Exception e) {
                sink = e;
            }
        }
        double[] samples = new double[iterations];
        int measured = 0;
        int successes = 0;
        int errors = 0;
        long peakBytes = 0;
        for (int i = 0; i < iterations; i++) {
            if (measured > 0 && System.nanoTime() - deadline > 0) {
                break;
            }
            long allocatedBefore = threads == null ? 0 : threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            try {
                sink = work.run();
                successes++;
            } catch (Exception e) {
                if (errors++ < MAX_RECORDED_ERRORS) {
                    metadata.put("error_" + i, describe(e));
                }
            }
            samples[measured++] = (System.nanoTime() - start) / 1e6;
            if (threads != null) {
                peakBytes = Math.max(peakBytes, threads.getCurrentThreadAllocatedBytes() - allocatedBefore);
            }
        }
        if (sink == Benchmarks.class) {
            throw new AssertionError("unreachable: keeps the work from being optimised away");
        }
        if (errors > MAX_RECORDED_ERRORS) {
            metadata.put("errors_not_recorded", errors - MAX_RECORDED_ERRORS);
        }
        double total = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < measured; i++) {
            total += samples[i];
            min = Math.min(min, samples[i]);
            max = Math.max(max, samples[i]);
        }
        double avg = total / measured;
        double squares = 0;
        for (int i = 0; i < measured; i++) {
            squares += (samples[i] - avg) * (samples[i] - avg);
        }
        double stdDev = measured > 1 ? Math.sqrt(squares / (measured - 1)) : 0.0;
        double threshold = threshold(name);
        double successRate = (double) successes / measured;
        metadata.put("warmup_iterations", warmUp);
        if (measured < iterations) {
            metadata.put("requested_iterations", iterations);
            metadata.put("stopped_by_time_budget_ms", budget.toMillis());
        }
        metadata.put("memory_measure", threads == null ? "unavailable on this JVM"
                : "bytes allocated by the benchmark thread in one iteration (the most of any iteration)");
        return new Result(name, measured, round(total), round(avg), round(min), round(max), round(stdDev),
                Math.round(peakBytes / (1024.0 * 1024.0) * 1e6) / 1e6, successRate, threshold, avg <= threshold && successes == measured,
                Collections.unmodifiableMap(metadata));
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            return threads;
        }
        return null;
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        String text = e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** The seed's {@code environment_info}: the runtime, and whether (never what) the relevant variables are set. */
    static Map<String, Object> environmentInfo() {
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("DEBUG", shortValue(System.getenv("DEBUG")));
        variables.put(ResilienceSettings.PRESET_VARIABLE, shortValue(System.getenv(ResilienceSettings.PRESET_VARIABLE)));
        variables.put("AI_API_KEY_SET", System.getenv("AI_API_KEY") != null && !System.getenv("AI_API_KEY").isBlank());
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("java_version", System.getProperty("java.version"));
        info.put("jvm", System.getProperty("java.vm.name"));
        info.put("platform", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        info.put("processor", System.getProperty("os.arch"));
        double gib = 1024.0 * 1024.0 * 1024.0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            info.put("memory_gb", round(os.getTotalMemorySize() / gib));
        }
        info.put("heap_max_gb", round(runtime.maxMemory() / gib));
        info.put("cpu_count", runtime.availableProcessors());
        info.put("environment_variables", variables);
        return info;
    }

    /** A variable's value when it is short and printable (a flag or a preset name), else {@code null}. */
    private static String shortValue(String value) {
        return value != null && value.length() <= 40 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? value : null;
    }

    static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
