package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.time.Sleeper;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machinery of the unhappy paths, on one thread: a call that fails once and then succeeds (with zero
 * backoff, so the sleep is not measured), a rejection by an open circuit, and a fallback answering a
 * permanent failure. Failures are pre-built exceptions, so the cost of filling a stack trace is not measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 4, time = 2)
@Threads(1)
@Fork(1)
public class FailurePathBenchmark {

    private static final ServiceUnavailableException OVERLOADED =
            new ServiceUnavailableException("AI provider answered HTTP 503", null, 503);
    private static final PermanentAIException BAD_REQUEST =
            new PermanentAIException("AI provider answered HTTP 400", null, 400);
    /** Long enough that an opened circuit stays open for the whole trial. */
    private static final Duration OPEN_FOR = Duration.ofHours(1);

    private String payload;
    private boolean failNext;
    private AIServiceResilience resilience;

    private Supplier<String> oursFailOnce;
    private Supplier<String> r4jFailOnce;
    private FailsafeExecutor<Object> failsafeFailOnce;

    private Supplier<String> oursOpen;
    private Supplier<String> r4jOpen;
    private FailsafeExecutor<Object> failsafeOpen;

    private Supplier<String> oursFallback;
    private Supplier<String> r4jFallback;
    private FailsafeExecutor<Object> failsafeFallback;

    @Setup
    public void setUp() {
        payload = "answer";
        failNext = true; // every logical call consumes exactly one failure and one success, so this stays in step
        // Backoff delays are computed as usual but not slept: a no-op sleeper. (ManualClock would record every
        // sleep in a growing list, which would be measured too.)
        Sleeper noSleep = duration -> { };
        resilience = AIServiceResilience.builder().sleeper(noSleep).build();

        oursFailOnce = resilience.<String>withResilience("flaky", ResilienceStrategy.BALANCED).decorateSupplier(this::failOnce);
        Retry retry = Chains.r4jRetry("flaky", Duration.ZERO);
        var breaker = Chains.r4jBreaker("flaky", Duration.ofSeconds(60));
        r4jFailOnce = Retry.decorateSupplier(retry, io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(breaker, this::failOnce));
        failsafeFailOnce = Chains.failsafe(Chains.failsafeRetry(Duration.ZERO), Chains.failsafeBreaker(Duration.ofSeconds(60)));

        ResilienceConfig staysOpen = ResilienceConfig.builder()
                .retry(ResilienceStrategy.BALANCED.config().retry())
                .circuitBreaker(new CircuitBreakerConfig(5, OPEN_FOR, 1))
                .build();
        resilience.getOrCreateCircuitBreaker("down", staysOpen.circuitBreaker()).transitionToOpenState();
        oursOpen = resilience.<String>withResilience("down", (ResilienceStrategy) null, staysOpen, null).decorateSupplier(this::provider);
        var openR4j = Chains.r4jBreaker("down", OPEN_FOR);
        openR4j.transitionToOpenState();
        r4jOpen = Retry.decorateSupplier(Chains.r4jRetry("down", Duration.ZERO),
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(openR4j, this::provider));
        CircuitBreaker<Object> openFailsafe = Chains.failsafeBreaker(OPEN_FOR);
        openFailsafe.open();
        failsafeOpen = Chains.failsafe(Chains.failsafeRetry(Duration.ZERO), openFailsafe);

        oursFallback = resilience.<String>withResilience("strict", ResilienceStrategy.BALANCED, null, Fallback.value("cached"))
                .decorateSupplier(this::badRequest);
        Supplier<String> r4jChain = Retry.decorateSupplier(Chains.r4jRetry("strict", Duration.ZERO),
                io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(
                        Chains.r4jBreaker("strict", Duration.ofSeconds(60)), this::badRequest));
        r4jFallback = () -> {
            try {
                return r4jChain.get();
            } catch (RuntimeException failure) {
                return "cached";
            }
        };
        failsafeFallback = Failsafe.with(dev.failsafe.Fallback.of("cached"), Chains.failsafeRetry(Duration.ZERO),
                Chains.failsafeBreaker(Duration.ofSeconds(60)));
    }

    @TearDown
    public void tearDown() {
        resilience.close();
    }

    private String provider() {
        return payload;
    }

    /** Fails every other invocation: each logical call fails once, then succeeds on its retry. */
    private String failOnce() {
        if (failNext) {
            failNext = false;
            throw OVERLOADED;
        }
        failNext = true;
        return payload;
    }

    private String badRequest() {
        throw BAD_REQUEST;
    }

    @Benchmark
    public String failOnceOrchestrator() {
        return oursFailOnce.get();
    }

    @Benchmark
    public String failOnceResilience4j() {
        return r4jFailOnce.get();
    }

    @Benchmark
    public Object failOnceFailsafe() {
        return failsafeFailOnce.get(this::failOnce);
    }

    @Benchmark
    public Object openCircuitOrchestrator() {
        try {
            return oursOpen.get();
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object openCircuitResilience4j() {
        try {
            return r4jOpen.get();
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public Object openCircuitFailsafe() {
        try {
            return failsafeOpen.get(this::provider);
        } catch (RuntimeException rejected) {
            return rejected;
        }
    }

    @Benchmark
    public String fallbackOrchestrator() {
        return oursFallback.get();
    }

    @Benchmark
    public String fallbackResilience4j() {
        return r4jFallback.get();
    }

    @Benchmark
    public Object fallbackFailsafe() {
        return failsafeFallback.get(this::badRequest);
    }
}
