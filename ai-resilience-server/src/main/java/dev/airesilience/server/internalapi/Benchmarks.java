package dev.airesilience.server.internalapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.PresetManager;
import dev.airesilience.config.ResilienceSettings;
import dev.airesilience.server.text.TextOperation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The seed's performance checks (§7.8, §8), measured with warm-up on private orchestrators so the service's
 * own metrics are untouched: configuration load, preset access, validation, service initialisation and the
 * per-call overhead of the decorator.
 */
final class Benchmarks {

    /** Thresholds in ms (the seed's table plus the documented &lt; 1 ms call overhead). */
    static final Map<String, Double> THRESHOLDS_MS = Map.of(
            "preset_loading", 10.0,
            "resilience_config_loading", 100.0,
            "service_initialization", 200.0,
            "custom_config_loading", 100.0,
            "validation_performance", 50.0,
            "call_overhead", 1.0);

    record Result(
            @JsonProperty("operation") String operation,
            @JsonProperty("iterations") int iterations,
            @JsonProperty("avg_duration_ms") double avgMs,
            @JsonProperty("min_duration_ms") double minMs,
            @JsonProperty("max_duration_ms") double maxMs,
            @JsonProperty("threshold_ms") double thresholdMs,
            @JsonProperty("passed") boolean passed) {}

    private static final String VALID = "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 6}";
    private static final String INVALID = "{\"retry_attempts\": 99, \"recovery_timeout\": 1}";

    private Benchmarks() {}

    static List<String> names() {
        return List.of("preset_loading", "resilience_config_loading", "service_initialization", "custom_config_loading",
                "validation_performance", "call_overhead");
    }

    static Result run(String name, int iterations) {
        return switch (name) {
            case "preset_loading" -> measure(name, iterations, () -> PresetManager.listPresets().stream()
                    .map(PresetManager::getPreset).count());
            case "resilience_config_loading" -> measure(name, iterations, () -> {
                for (String preset : PresetManager.listPresets()) {
                    try (AIServiceResilience resilience = orchestrator(preset, null)) {
                        resilience.getConfiguration();
                    }
                }
                return null;
            });
            case "service_initialization" -> measure(name, iterations, () -> {
                for (String preset : PresetManager.listPresets()) {
                    try (AIServiceResilience resilience = orchestrator(preset, null)) {
                        Arrays.stream(TextOperation.values())
                                .forEach(op -> resilience.getOperationConfig(op.resilienceOperation()));
                    }
                }
                return null;
            });
            case "custom_config_loading" -> measure(name, iterations, () -> {
                try (AIServiceResilience resilience = orchestrator("simple", VALID)) {
                    return resilience.getConfiguration();
                }
            });
            case "validation_performance" -> {
                try (AIServiceResilience resilience = orchestrator("simple", null)) {
                    yield measure(name, iterations, () -> List.of(resilience.validateConfiguration(VALID),
                            resilience.validateConfiguration(INVALID)));
                }
            }
            case "call_overhead" -> {
                try (AIServiceResilience resilience = orchestrator("simple", null)) {
                    ResilienceDecorator<Integer> decorator = resilience.withOperationResilience("benchmark_call");
                    yield measure(name, Math.max(iterations, 1_000), () -> decorator.call(() -> 1));
                }
            }
            default -> throw new IllegalArgumentException("Unknown benchmark operation: " + name);
        };
    }

    static Map<String, Object> suite(List<String> names, int iterations) {
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>();
        for (String name : names) {
            results.add(run(name, iterations));
        }
        long passed = results.stream().filter(Result::passed).count();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("total_benchmarks", results.size());
        summary.put("pass_rate", results.isEmpty() ? 0.0 : (double) passed / results.size());
        summary.put("failed_benchmarks", results.stream().filter(r -> !r.passed()).map(Result::operation).toList());
        summary.put("total_duration_ms", (System.nanoTime() - start) / 1e6);
        summary.put("performance_target_met", passed == results.size());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        body.put("summary", summary);
        return body;
    }

    private static AIServiceResilience orchestrator(String preset, String custom) {
        return new AIServiceResilience(ResilienceSettings.builder().preset(preset).customConfig(custom).build());
    }

    private static Result measure(String name, int iterations, Supplier<?> work) {
        int warmUp = Math.max(5, iterations / 5);
        Object sink = null;
        for (int i = 0; i < warmUp; i++) {
            sink = work.get();
        }
        double total = 0;
        double min = Double.MAX_VALUE;
        double max = 0;
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            sink = work.get();
            double ms = (System.nanoTime() - start) / 1e6;
            total += ms;
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        if (sink == Benchmarks.class) {
            throw new AssertionError("unreachable: keeps the work from being optimised away");
        }
        double avg = total / iterations;
        double threshold = THRESHOLDS_MS.get(name);
        return new Result(name, iterations, round(avg), round(min), round(max), threshold, avg <= threshold);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
