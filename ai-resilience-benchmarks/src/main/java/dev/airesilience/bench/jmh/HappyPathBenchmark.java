package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.failsafe.FailsafeExecutor;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * A successful call through each contender, all sharing one operation (and so one breaker) across threads.
 * The concrete subclasses run it on one and on two threads, so both land in the same JMH run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public abstract class HappyPathBenchmark {

    private String payload;
    private AIServiceResilience resilience;
    private Supplier<String> ours;
    private Supplier<String> resilience4j;
    private Supplier<String> resilience4jObserved;
    private FailsafeExecutor<Object> failsafe;

    @Setup
    public void setUp() {
        payload = "The capital of France is Paris.";
        resilience = AIServiceResilience.builder().build();
        ours = resilience.<String>withResilience("chat", ResilienceStrategy.BALANCED).decorateSupplier(this::provider);
        Retry retry = Chains.r4jRetry("chat", Duration.ofSeconds(2));
        CircuitBreaker breaker = Chains.r4jBreaker("chat", Duration.ofSeconds(60));
        resilience4j = Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, this::provider));
        // The same chain with a state-transition consumer, as any monitoring (and our core) registers: from then
        // on Resilience4j builds an event, with a ZonedDateTime, for every call.
        CircuitBreaker observed = Chains.r4jBreaker("chat-observed", Duration.ofSeconds(60));
        observed.getEventPublisher().onStateTransition(event -> { });
        resilience4jObserved = Retry.decorateSupplier(Chains.r4jRetry("chat-observed", Duration.ofSeconds(2)),
                CircuitBreaker.decorateSupplier(observed, this::provider));
        failsafe = Chains.failsafe(Chains.failsafeRetry(Duration.ofSeconds(2)), Chains.failsafeBreaker(Duration.ofSeconds(60)));
    }

    @TearDown
    public void tearDown() {
        resilience.close();
    }

    /** The AI call itself; a field read, so that the floor is the cost of a call and nothing is constant-folded. */
    private String provider() {
        return payload;
    }

    @Benchmark
    public String raw() {
        return provider();
    }

    @Benchmark
    public String orchestrator() {
        return ours.get();
    }

    @Benchmark
    public String resilience4j() {
        return resilience4j.get();
    }

    @Benchmark
    public String resilience4jObserved() {
        return resilience4jObserved.get();
    }

    @Benchmark
    public Object failsafe() {
        return failsafe.get(this::provider);
    }
}
