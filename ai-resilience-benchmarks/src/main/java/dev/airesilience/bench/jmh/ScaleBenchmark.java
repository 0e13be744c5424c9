package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.metrics.AllMetrics;
import java.util.Locale;
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

/** Reading metrics and health across 10,000 operations, each called once. Also prints the retained heap per operation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ScaleBenchmark {

    private AIServiceResilience resilience;

    @Setup
    public void setUp() {
        System.out.printf(Locale.ROOT, "%n[retained heap] %,.0f bytes per idle operation (%,d operations)%n",
                RetainedHeap.bytesPerIdleOperation(RetainedHeap.OPERATIONS), RetainedHeap.OPERATIONS);
        resilience = RetainedHeap.withIdleOperations(RetainedHeap.OPERATIONS);
    }

    @TearDown
    public void tearDown() {
        resilience.close();
    }

    @Benchmark
    public AllMetrics getAllMetrics() {
        return resilience.getAllMetrics();
    }

    @Benchmark
    public HealthStatus getHealthStatus() {
        return resilience.getHealthStatus();
    }
}
