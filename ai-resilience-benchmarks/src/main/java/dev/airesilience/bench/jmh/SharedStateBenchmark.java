package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.redis.RedisServer;
import dev.airesilience.redis.RedisSharedState;
import dev.airesilience.shared.SharedState;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 16: what sharing state through Redis costs a successful call when nothing is cooling down. The same happy
 * path as {@link HappyPathBenchmark}, with no shared state and with {@link RedisSharedState} connected to a real
 * {@code redis-server} this benchmark starts on a free loopback port (Debian's package, as the tests). The target is
 * no round trip at all: a round trip on loopback costs tens of microseconds, so any would show as a difference of
 * that order rather than of nanoseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@Threads(1)
public class SharedStateBenchmark {

    @Param({"none", "redis"})
    public String sharing;

    private String payload;
    private RedisServer redis;
    private AIServiceResilience resilience;
    private Supplier<String> ours;

    @Setup
    public void setUp() throws Exception {
        payload = "The capital of France is Paris.";
        SharedState shared = SharedState.none();
        if (sharing.equals("redis")) {
            redis = RedisServer.start();
            shared = RedisSharedState.create(redis.url());
        }
        resilience = AIServiceResilience.builder().sharedState(shared).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!shared.available()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis at " + redis.url() + " not reached within 10 s");
            }
            Thread.sleep(10);
        }
        ours = resilience.<String>withResilience("chat", ResilienceStrategy.BALANCED).decorateSupplier(this::provider);
    }

    @TearDown
    public void tearDown() {
        resilience.close();
        if (redis != null) {
            redis.close();
        }
    }

    private String provider() {
        return payload;
    }

    @Benchmark
    public String happyPath() {
        return ours.get();
    }
}
