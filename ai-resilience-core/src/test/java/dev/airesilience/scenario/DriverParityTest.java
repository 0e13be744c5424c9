package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.support.CallPath;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11's scenario harness: every retry, breaker and fallback scenario runs through the blocking and the
 * asynchronous driver, and both must produce the same attempts, waits, transitions, events and metrics. Each
 * scenario also pins what the blocking run must look like, so two drivers that were wrong the same way still fail.
 */
class DriverParityTest {

    private static final String OP = "parity";

    /** One logical call: advance the clock, then make the call whose attempts answer in this order. */
    record Call(Duration advanceBefore, boolean withFallback, List<Object> answers) {
        static Call of(Object... answers) {
            return new Call(Duration.ZERO, false, List.of(answers));
        }

        static Call withFallback(Object... answers) {
            return new Call(Duration.ZERO, true, List.of(answers));
        }

        Call after(Duration wait) {
            return new Call(wait, withFallback, answers);
        }
    }

    record Scenario(String name, ResilienceConfig config, List<Call> calls, List<String> expectedResults,
            Duration expectedElapsed) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Everything observable about a run. */
    record Trace(List<String> results, List<Integer> attemptsPerCall, List<String> events, Duration elapsed,
            Object metrics, Object breaker) {}

    static Stream<Arguments> scenarios() {
        ResilienceConfig three = config(3, 5);
        ResilienceConfig breakerOfTwo = config(2, 2);
        ResilienceConfig shortBudget = three.toBuilder().retry(three.retry().toBuilder().maxAttempts(5)
                .maxDelay(Duration.ofSeconds(1)).build()).build();
        TransientAIException busy = new ServiceUnavailableException("busy");
        return Stream.of(
                new Scenario("success on the first attempt", three, List.of(Call.of("ok")),
                        List.of("ok"), Duration.ZERO),
                new Scenario("two transient failures, then success", three, List.of(Call.of(busy, busy, "ok")),
                        List.of("ok"), Duration.ofMillis(300)),
                new Scenario("retries exhausted, fallback answers", three, List.of(Call.withFallback(busy, busy, busy)),
                        List.of("fallback:RETRIES_EXHAUSTED"), Duration.ofMillis(300)),
                new Scenario("retries exhausted, no fallback", three, List.of(Call.of(busy, busy, busy)),
                        List.of("ServiceUnavailableException: busy"), Duration.ofMillis(300)),
                new Scenario("permanent error: one attempt, fallback", three,
                        List.of(Call.withFallback(new PermanentAIException("bad request"))),
                        List.of("fallback:PERMANENT_FAILURE"), Duration.ZERO),
                new Scenario("the budget ends the retries", shortBudget, List.of(Call.of(busy, busy, busy, busy, busy)),
                        List.of("ServiceUnavailableException: busy"), Duration.ofMillis(700)),
                new Scenario("429 with Retry-After waits exactly that long", three,
                        List.of(Call.of(new RateLimitException("slow down", Duration.ofSeconds(2)), "ok")),
                        List.of("ok"), Duration.ofSeconds(2)),
                new Scenario("a cooldown longer than the budget answers at once", three,
                        List.of(Call.withFallback(new RateLimitException("slow down", Duration.ofSeconds(120))),
                                Call.withFallback("never called")),
                        List.of("fallback:RETRIES_EXHAUSTED", "fallback:RATE_LIMITED"), Duration.ZERO),
                new Scenario("breaker opens, rejects, recovers through one trial", breakerOfTwo, List.of(
                        Call.of(busy, busy), Call.of(busy, busy), Call.withFallback("never called"),
                        Call.of("ok").after(Duration.ofSeconds(30)), Call.of("ok")),
                        List.of("ServiceUnavailableException: busy", "ServiceUnavailableException: busy",
                                "fallback:CIRCUIT_OPEN", "ok", "ok"),
                        Duration.ofMillis(30_200)),
                new Scenario("a failed trial re-opens the circuit", breakerOfTwo, List.of(
                        Call.of(busy, busy), Call.of(busy, busy), Call.withFallback(busy).after(Duration.ofSeconds(30)),
                        Call.withFallback("never called")),
                        List.of("ServiceUnavailableException: busy", "ServiceUnavailableException: busy",
                                "fallback:RETRIES_EXHAUSTED", "fallback:CIRCUIT_OPEN"),
                        Duration.ofMillis(30_200)),
                new Scenario("a throwing fallback: its exception wins", three, List.of(
                        new Call(Duration.ZERO, true, List.of(new PermanentAIException("bad"), "fallback throws"))),
                        List.of("IllegalStateException: fallback failed"), Duration.ZERO))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void bothDriversDoTheSameThing(Scenario scenario) {
        Trace blocking = run(scenario, CallPath.BLOCKING);
        Trace async = run(scenario, CallPath.ASYNC);

        assertThat(blocking.results()).as("results").isEqualTo(scenario.expectedResults());
        assertThat(blocking.elapsed()).as("virtual time spent waiting").isEqualTo(scenario.expectedElapsed());
        for (int i = 0; i < scenario.calls().size(); i++) {
            if (scenario.calls().get(i).answers().equals(List.of("never called"))) {
                assertThat(blocking.attemptsPerCall().get(i)).as("call %d is rejected without an attempt", i).isZero();
            }
        }
        assertThat(async).as("the asynchronous driver behaves as the blocking one").isEqualTo(blocking);
    }

    private static Trace run(Scenario scenario, CallPath path) {
        ManualClock clock = ManualClock.autoAdvancing();
        List<String> events = new ArrayList<>();
        ResilienceListener recorder = new ResilienceListener() {
            @Override
            public void onRetry(RetryEvent event) {
                events.add("retry " + event.attempt() + "/" + event.maxAttempts() + " after " + event.delay()
                        + " (" + event.cause().getClass().getSimpleName() + ")");
            }

            @Override
            public void onCircuitStateChange(CircuitStateChangeEvent event) {
                events.add("circuit " + event.from() + " -> " + event.to() + " at " + event.at());
            }

            @Override
            public void onCallCompleted(CallCompletedEvent event) {
                events.add("completed " + event.outcome() + " after " + event.attempts() + " attempts in "
                        + Duration.ofNanos(event.latencyNanos()));
            }
        };
        List<String> results = new ArrayList<>();
        List<Integer> attempts = new ArrayList<>();
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).random(new Random(7))
                .listener(recorder).build()) {
            for (Call call : scenario.calls()) {
                clock.advance(call.advanceBefore());
                int[] invocations = {0};
                Fallback<String> fallback = call.withFallback() ? context -> {
                    if (call.answers().contains("fallback throws")) {
                        throw new IllegalStateException("fallback failed");
                    }
                    return "fallback:" + context.reason();
                } : null;
                ResilienceDecorator<String> decorator = resilience.withResilience(OP, null, scenario.config(), fallback);
                try {
                    results.add(path.run(decorator, () -> {
                        Object answer = call.answers().get(Math.min(invocations[0]++, call.answers().size() - 1));
                        if (answer instanceof Exception) {
                            throw (Exception) answer;
                        }
                        return (String) answer;
                    }));
                } catch (RuntimeException failure) {
                    results.add(failure.getClass().getSimpleName() + ": " + failure.getMessage());
                }
                attempts.add(invocations[0]);
            }
            return new Trace(results, attempts, events, clock.elapsed(), resilience.getMetrics(OP),
                    resilience.getCircuitBreaker(OP).orElseThrow());
        }
    }

    /** No jitter; 100 ms doubling backoff up to 1 s; 60 s budget; a breaker of {@code threshold}, open 30 s. */
    private static ResilienceConfig config(int attempts, int threshold) {
        return ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(attempts).maxDelay(Duration.ofSeconds(60))
                        .exponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofSeconds(1))
                        .jitter(false).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(threshold)
                        .recoveryTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

}
