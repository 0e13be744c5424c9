package dev.airesilience.server.internalapi;

import dev.airesilience.server.web.ApiException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * Runs benchmarks one at a time (a second request while one runs gets 409: on a 2-core machine two runs would
 * measure each other, and the seed's shared result list was corrupted by concurrent runs) and keeps the last
 * {@value #MAX_HISTORY} runs in memory for the report and the history.
 */
@Component
public class BenchmarkRuns {

    static final int MAX_HISTORY = 20;

    /** What a run does; {@link Benchmarks#run(List, Integer, Duration)} except in tests. */
    @FunctionalInterface
    interface Runner {
        Benchmarks.Run run(List<String> names, Integer iterations, Duration budget);
    }

    private final ReentrantLock running = new ReentrantLock();
    private final Deque<Benchmarks.Run> history = new ArrayDeque<>();
    private final Runner runner;

    public BenchmarkRuns() {
        this(Benchmarks::run);
    }

    BenchmarkRuns(Runner runner) {
        this.runner = runner;
    }

    /** Runs {@code names}; 409 if another run is under way. */
    Benchmarks.Run run(List<String> names, Integer iterations, Duration budget) {
        if (!running.tryLock()) {
            throw ApiException.conflict("A benchmark run is already in progress; try again when it has finished",
                    Duration.ofSeconds(5));
        }
        try {
            Benchmarks.Run run = runner.run(names, iterations, budget);
            synchronized (history) {
                history.addLast(run);
                while (history.size() > MAX_HISTORY) {
                    history.removeFirst();
                }
            }
            return run;
        } finally {
            running.unlock();
        }
    }

    /** Whether a run is under way. */
    boolean isRunning() {
        return running.isLocked();
    }

    /** The newest run, if any. */
    Optional<Benchmarks.Run> latest() {
        synchronized (history) {
            return Optional.ofNullable(history.peekLast());
        }
    }

    /** The kept runs, oldest first. */
    List<Benchmarks.Run> history() {
        synchronized (history) {
            return new ArrayList<>(history);
        }
    }

    /**
     * The seed's {@code analyze_performance_trends} over {@code runs}: for preset_loading, settings_initialization
     * and resilience_config_loading with at least two samples, the runs are split chronologically in halves and
     * {@code trend_percentage = (avg₂ − avg₁) / avg₁ × 100}; negative is {@code improving}, else {@code degrading}.
     */
    static Map<String, Object> trends(List<Benchmarks.Run> runs) {
        Map<String, Object> trends = new LinkedHashMap<>();
        for (String name : List.of("preset_loading", "settings_initialization", "resilience_config_loading")) {
            List<Double> samples = new ArrayList<>();
            for (Benchmarks.Run run : runs) {
                run.results().stream().filter(r -> r.operation().equals(name)).findFirst()
                        .ifPresent(r -> samples.add(r.avgMs()));
            }
            if (samples.size() < 2) {
                continue;
            }
            int half = samples.size() / 2;
            double first = samples.subList(0, half).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double second = samples.subList(half, samples.size()).stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double percentage = first == 0 ? 0.0 : (second - first) / first * 100;
            trends.put(name, Params.ordered("samples", samples.size(), "first_half_avg_ms", Benchmarks.round(first),
                    "second_half_avg_ms", Benchmarks.round(second), "trend_percentage", Benchmarks.round(percentage),
                    "direction", percentage < 0 ? "improving" : "degrading"));
        }
        if (trends.isEmpty()) {
            return Map.of("message", "No historical data available for trend analysis");
        }
        return trends;
    }
}
