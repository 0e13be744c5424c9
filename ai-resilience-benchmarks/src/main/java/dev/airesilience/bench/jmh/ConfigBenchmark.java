package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.settings.ResilienceSettings;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Configuration work against the seed's thresholds: preset load 10 ms, JSON validation 50 ms, config load and
 * runtime update 100 ms. Each operation does the seed's per-iteration work (three presets or three configs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ConfigBenchmark {

    private AIServiceResilience resilience;
    private ConfigWorkload workload;

    @Setup
    public void setUp() {
        resilience = new AIServiceResilience(ResilienceSettings.builder().preset("simple").build());
        workload = new SeedConfigWorkload(resilience);
    }

    @TearDown
    public void tearDown() {
        resilience.close();
    }

    @Benchmark
    public Object presetLoading() {
        return workload.loadPresets();
    }

    @Benchmark
    public Object configLoading() {
        return workload.buildConfigs();
    }

    @Benchmark
    public Object jsonValidation() {
        return workload.validateJson();
    }

    @Benchmark
    public Object runtimeUpdate() {
        return workload.updateAtRuntime();
    }
}
