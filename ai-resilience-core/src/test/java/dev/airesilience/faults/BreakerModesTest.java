package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.SlidingWindowType;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.SlidingWindowSnapshot;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resilience4j's other rule as a per-operation option: a failure rate (or slow-call rate) over a count or time
 * window opens the circuit once the window holds its minimum. Every call has one attempt, so each call is one
 * outcome; every scenario runs through the blocking and the asynchronous driver.
 */
class BreakerModesTest {

    private static final ServiceUnavailableException DOWN = new ServiceUnavailableException("503");

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @AfterEach
    void close() {
        resilience.close();
    }

    /** One attempt per call, 30 s open; {@code failureThreshold} 3, which the rate mode must ignore. */
    private static ResilienceConfig config(CircuitBreakerConfig.Builder breaker) {
        return Orchestrators.config(1, 3).toBuilder()
                .circuitBreaker(breaker.failureThreshold(3).recoveryTimeout(Duration.ofSeconds(30)).build()).build();
    }

    private static CircuitBreakerConfig.Builder countWindow(int size, int minimum, int failureRate) {
        return CircuitBreakerConfig.builder().mode(BreakerMode.FAILURE_RATE).slidingWindowType(SlidingWindowType.COUNT)
                .slidingWindowSize(size).minimumNumberOfCalls(minimum).failureRateThreshold(failureRate);
    }

    private static CircuitBreakerConfig.Builder timeWindow(int seconds, int minimum, int failureRate) {
        return CircuitBreakerConfig.builder().mode(BreakerMode.FAILURE_RATE).slidingWindowType(SlidingWindowType.TIME)
                .slidingWindowDuration(Duration.ofSeconds(seconds)).minimumNumberOfCalls(minimum)
                .failureRateThreshold(failureRate);
    }

    private String call(CallPath path, String op, ResilienceConfig config, Callable<String> function) {
        return path.run(resilience.<String>withResilience(op, null, config, null), function);
    }

    private void fail(CallPath path, String op, ResilienceConfig config) {
        assertThatThrownBy(() -> call(path, op, config, () -> {
            throw DOWN;
        })).isSameAs(DOWN);
    }

    private void succeed(CallPath path, String op, ResilienceConfig config) {
        assertThat(call(path, op, config, () -> "ok")).isEqualTo("ok");
    }

    private CircuitBreakerSnapshot breaker(String op) {
        return resilience.getCircuitBreaker(op).orElseThrow();
    }

    private CircuitBreaker.Metrics resilience4jMetrics(String op) {
        return resilience.circuitBreakerRegistry().circuitBreaker(op).getMetrics();
    }

    // ---------------------------------------------------------------- count window

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aCountWindowOpensOnlyOnceItHoldsTheMinimumNotAfterConsecutiveFailures(CallPath path) {
        ResilienceConfig config = config(countWindow(10, 6, 50));

        for (int i = 0; i < 5; i++) {
            fail(path, "op", config);
        }

        assertThat(breaker("op").state()).as("5 failures, 100%, but the window needs 6; failure_threshold 3 is not the rule")
                .isEqualTo(CircuitState.CLOSED);
        SlidingWindowSnapshot window = breaker("op").slidingWindow();
        assertThat(window.calls()).isEqualTo(5);
        assertThat(window.failedCalls()).isEqualTo(5);
        assertThat(window.failureRate()).as("no rate before the minimum, as in Resilience4j").isEqualTo(-1f);
        assertThat(resilience4jMetrics("op").getFailureRate()).isEqualTo(-1f);
        assertThat(breaker("op").failureCount()).as("consecutive failures, not capped by the unused threshold").isEqualTo(5);

        fail(path, "op", config);

        assertThat(breaker("op").state()).isEqualTo(CircuitState.OPEN);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
        ScriptedCall<String> next = ScriptedCall.<String>failing().thenReturn("ok");
        assertThatThrownBy(() -> call(path, "op", config, next)).isInstanceOf(CircuitOpenException.class);
        assertThat(next.invocations()).isZero();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aCountWindowOpensWhenItsSlidingRateReachesTheThreshold(CallPath path) {
        ResilienceConfig config = config(countWindow(10, 10, 60));
        for (int i = 0; i < 5; i++) {
            succeed(path, "op", config);
            fail(path, "op", config);
        }

        assertThat(breaker("op").state()).as("5 of 10: 50% < 60%").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("op").slidingWindow().failureRate()).isEqualTo(50f);
        CircuitBreaker.Metrics metrics = resilience4jMetrics("op");
        assertThat(metrics.getFailureRate()).isEqualTo(50f);
        assertThat(metrics.getNumberOfBufferedCalls()).isEqualTo(10);
        assertThat(metrics.getNumberOfFailedCalls()).isEqualTo(5);
        assertThat(metrics.getNumberOfSuccessfulCalls()).isEqualTo(5);

        fail(path, "op", config); // the oldest outcome, a success, leaves the window: 6 of 10

        assertThat(breaker("op").state()).isEqualTo(CircuitState.OPEN);
        assertThat(breaker("op").slidingWindow().failureRate()).as("the window that opened it").isEqualTo(60f);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aHalfOpenTrialDecidesAsAlwaysAndClosingStartsAnEmptyWindow(CallPath path) {
        ResilienceConfig config = config(countWindow(4, 4, 50));
        for (int i = 0; i < 4; i++) {
            fail(path, "op", config);
        }
        assertThat(breaker("op").state()).isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(30));
        succeed(path, "op", config);

        assertThat(breaker("op").state()).as("one successful trial closes it").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("op").slidingWindow().calls()).as("the trial is not in the new window").isZero();
        fail(path, "op", config);
        fail(path, "op", config);
        fail(path, "op", config);
        assertThat(breaker("op").state()).as("3 outcomes since closing; the old 4 failures are gone")
                .isEqualTo(CircuitState.CLOSED);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void concurrentOutcomesAreAllCountedAndOpenTheCircuitOnce(CallPath path) throws Exception {
        ResilienceConfig config = config(countWindow(100, 100, 50));
        concurrently(8, 12, () -> succeed(path, "op", config));
        assertThat(breaker("op").slidingWindow().calls()).as("8 x 12 successes, none lost").isEqualTo(96);

        AtomicInteger sent = new AtomicInteger();
        concurrently(8, 12, () -> assertThatThrownBy(() -> call(path, "op", config, () -> {
            sent.incrementAndGet();
            throw DOWN;
        })).isInstanceOfAny(ServiceUnavailableException.class, CircuitOpenException.class));

        assertThat(breaker("op").state()).isEqualTo(CircuitState.OPEN);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).as("one opening, however the threads raced")
                .isEqualTo(1);
        // The 50th failure makes 50 of 100. Calls admitted before the opening may end after it (at most one per
        // other thread); their outcomes belong to a phase that is over and are not counted.
        assertThat(sent.get()).isBetween(50, 57);
        assertThat(breaker("op").slidingWindow().failedCalls()).isBetween(50, sent.get());
    }

    /** {@code threads} threads each run {@code action} {@code times} times, all released at once. */
    private static void concurrently(int threads, int times, Runnable action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < times; i++) {
                        action.run();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- time window

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aTimeWindowForgetsOutcomesOlderThanItsDuration(CallPath path) {
        ResilienceConfig config = config(timeWindow(10, 4, 50));
        for (String op : new String[] {"remembers", "forgets"}) {
            for (int i = 0; i < 3; i++) {
                fail(path, op, config);
            }
        }

        clock.advance(Duration.ofSeconds(5));
        fail(path, "remembers", config);
        assertThat(breaker("remembers").state()).as("4 failures within 10 s").isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(6)); // 11 s after the first three
        assertThat(breaker("forgets").slidingWindow().calls()).as("the report drops them too").isZero();
        fail(path, "forgets", config);
        for (int i = 0; i < 3; i++) {
            succeed(path, "forgets", config);
        }

        assertThat(breaker("forgets").state()).as("1 failure in 4 outcomes: 25%").isEqualTo(CircuitState.CLOSED);
        SlidingWindowSnapshot window = breaker("forgets").slidingWindow();
        assertThat(window.type()).isEqualTo("time");
        assertThat(window.size()).isEqualTo(10);
        assertThat(window.calls()).isEqualTo(4);
        assertThat(window.failureRate()).isEqualTo(25f);
        assertThat(resilience4jMetrics("forgets").getNumberOfBufferedCalls()).isEqualTo(4);
    }

    // ---------------------------------------------------------------- slow calls

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void slowSuccessesOpenTheCircuitAtTheSlowCallRate(CallPath path) {
        ResilienceConfig config = config(countWindow(5, 5, 50)
                .slowCallDurationThreshold(Duration.ofSeconds(2)).slowCallRateThreshold(80));
        Callable<String> slow = () -> {
            clock.advance(Duration.ofSeconds(3)); // the attempt takes 3 s of virtual time
            return "ok";
        };
        Callable<String> fast = () -> {
            clock.advance(Duration.ofMillis(1999));
            return "ok";
        };
        for (int i = 0; i < 10; i++) {
            assertThat(call(path, "fast", config, fast)).isEqualTo("ok");
        }
        assertThat(breaker("fast").state()).as("under the slow-call threshold").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("fast").slidingWindow().slowCallRate()).isZero();

        for (int i = 0; i < 4; i++) {
            assertThat(call(path, "slow", config, slow)).isEqualTo("ok");
        }
        assertThat(breaker("slow").state()).as("4 outcomes, the window needs 5").isEqualTo(CircuitState.CLOSED);
        assertThat(call(path, "slow", config, slow)).isEqualTo("ok");

        assertThat(breaker("slow").state()).as("5 of 5 successes slow: 100% >= 80%").isEqualTo(CircuitState.OPEN);
        assertThat(breaker("slow").slidingWindow().slowCalls()).isEqualTo(5);
        assertThat(breaker("slow").slidingWindow().failedCalls()).isZero();
        CircuitBreaker.Metrics metrics = resilience4jMetrics("slow");
        assertThat(metrics.getSlowCallRate()).isEqualTo(100f);
        assertThat(metrics.getNumberOfSlowSuccessfulCalls()).isEqualTo(5);
        assertThat(metrics.getFailureRate()).isZero();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void slowCallsAreOffByDefault(CallPath path) {
        ResilienceConfig config = config(countWindow(5, 5, 50));
        for (int i = 0; i < 10; i++) {
            assertThat(call(path, "op", config, () -> {
                clock.advance(Duration.ofMinutes(10));
                return "ok";
            })).isEqualTo("ok");
        }
        assertThat(breaker("op").state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("op").slidingWindow().slowCalls()).isZero();
        assertThat(breaker("op").slidingWindow().slowCallRateThreshold()).as("none counts as slow").isEqualTo(-1);
    }

    // ---------------------------------------------------------------- the default is unchanged

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void theDefaultModeStillOpensOnConsecutiveFailuresAndIgnoresTheWindowSettings(CallPath path) {
        CircuitBreakerConfig.Builder consecutive = countWindow(100, 100, 100).mode(BreakerMode.CONSECUTIVE)
                .slowCallDurationThreshold(Duration.ofMillis(1)).slowCallRateThreshold(1);
        ResilienceConfig config = config(consecutive);
        assertThat(CircuitBreakerConfig.DEFAULT.mode()).isEqualTo(BreakerMode.CONSECUTIVE);
        for (int i = 0; i < 5; i++) {
            assertThat(call(path, "op", config, () -> {
                clock.advance(Duration.ofSeconds(1)); // slow by the (ignored) slow-call settings
                return "ok";
            })).isEqualTo("ok");
        }
        fail(path, "op", config);
        fail(path, "op", config);
        assertThat(breaker("op").state()).isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("op").failureCount()).isEqualTo(2);

        fail(path, "op", config);

        assertThat(breaker("op").state()).as("3 consecutive failures").isEqualTo(CircuitState.OPEN);
        assertThat(breaker("op").slidingWindow()).isNull();
        assertThat(resilience4jMetrics("op").getNumberOfBufferedCalls()).as("cumulative calls, as before").isEqualTo(8);
        assertThat(resilience.circuitBreakerRegistry().circuitBreaker("op").getCircuitBreakerConfig()
                .getMinimumNumberOfCalls()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- configuration changes

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void switchingModesKeepsTheCircuitsStateAndTheConsecutiveCount(CallPath path) {
        ResilienceConfig consecutive = config(CircuitBreakerConfig.builder());
        ResilienceConfig byRate = config(countWindow(10, 4, 50));
        fail(path, "op", consecutive);
        fail(path, "op", consecutive);
        fail(path, "op", byRate);
        fail(path, "op", byRate);
        assertThat(breaker("op").state()).as("rate mode: 2 outcomes in its window, minimum 4").isEqualTo(CircuitState.CLOSED);
        assertThat(breaker("op").failureCount()).isEqualTo(4);

        fail(path, "op", consecutive);
        assertThat(breaker("op").state()).as("5 consecutive failures >= 3").isEqualTo(CircuitState.OPEN);

        ScriptedCall<String> probe = ScriptedCall.<String>failing().thenReturn("ok");
        assertThatThrownBy(() -> call(path, "op", byRate, probe)).isInstanceOf(CircuitOpenException.class);
        assertThat(probe.invocations()).as("the open period survives the switch").isZero();
        clock.advance(Duration.ofSeconds(30));
        assertThat(call(path, "op", byRate, probe)).isEqualTo("ok");
        assertThat(breaker("op").state()).isEqualTo(CircuitState.CLOSED);
        assertThat(resilience.getMetrics("op").circuitBreakerOpens()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aNewWindowShapeStartsAnEmptyWindowANewThresholdKeepsIt(CallPath path) {
        fail(path, "op", config(countWindow(10, 4, 80)));
        succeed(path, "op", config(countWindow(10, 4, 80)));
        fail(path, "op", config(countWindow(10, 4, 80)));

        succeed(path, "op", config(countWindow(10, 4, 50)));
        assertThat(breaker("op").state()).as("same window, 2 of 4 now reach the new 50%").isEqualTo(CircuitState.OPEN);

        clock.advance(Duration.ofSeconds(30));
        succeed(path, "op", config(countWindow(10, 4, 50))); // the trial closes it
        fail(path, "op", config(countWindow(10, 4, 50)));
        fail(path, "op", config(countWindow(10, 4, 50)));
        fail(path, "op", config(countWindow(20, 4, 50)));
        assertThat(breaker("op").slidingWindow().calls()).as("a 20-outcome window starts empty").isEqualTo(1);
        assertThat(breaker("op").slidingWindow().size()).isEqualTo(20);
        assertThat(breaker("op").state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void jsonSetsTheModeForEveryStrategyAndReportsItsKeys() {
        resilience.updateConfiguration("{\"circuit_breaker_mode\": \"failure_rate\", \"circuit_breaker_sliding_window_type\":"
                + " \"time\", \"circuit_breaker_sliding_window_duration\": 30, \"circuit_breaker_minimum_calls\": 20,"
                + " \"circuit_breaker_failure_rate_threshold\": 40, \"circuit_breaker_slow_call_duration_threshold\": 2.5,"
                + " \"circuit_breaker_slow_call_rate_threshold\": 90, \"circuit_breaker_sliding_window_size\": 50}");

        resilience.registerOperation("critical-op", ResilienceStrategy.CRITICAL);
        for (String op : new String[] {"chat", "critical-op"}) {
            CircuitBreakerConfig breaker = resilience.getOperationConfig(op).circuitBreaker();
            assertThat(breaker.mode()).isEqualTo(BreakerMode.FAILURE_RATE);
            assertThat(breaker.slidingWindowType()).isEqualTo(SlidingWindowType.TIME);
            assertThat(breaker.slidingWindowDuration()).isEqualTo(Duration.ofSeconds(30));
            assertThat(breaker.slidingWindowSize()).isEqualTo(50);
            assertThat(breaker.minimumNumberOfCalls()).isEqualTo(20);
            assertThat(breaker.failureRateThreshold()).isEqualTo(40);
            assertThat(breaker.slowCallDurationThreshold()).isEqualTo(Duration.ofMillis(2500));
            assertThat(breaker.slowCallRateThreshold()).isEqualTo(90);
        }
        assertThat(resilience.getOperationConfig("critical-op").circuitBreaker().failureThreshold())
                .as("the strategy's own numbers stay").isEqualTo(10);
        assertThat(resilience.getConfiguration().values())
                .containsEntry("circuit_breaker_mode", "failure_rate")
                .containsEntry("circuit_breaker_sliding_window_type", "time")
                .containsEntry("circuit_breaker_sliding_window_duration", 30)
                .containsEntry("circuit_breaker_minimum_calls", 20)
                .containsEntry("circuit_breaker_failure_rate_threshold", 40)
                .containsEntry("circuit_breaker_slow_call_duration_threshold", 2.5)
                .containsEntry("circuit_breaker_slow_call_rate_threshold", 90);

        resilience.updateConfiguration("{\"circuit_breaker_mode\": \"consecutive\"}");
        assertThat(resilience.getOperationConfig("chat").circuitBreaker().mode()).isEqualTo(BreakerMode.CONSECUTIVE);
        assertThat(resilience.getOperationConfig("chat").circuitBreaker().minimumNumberOfCalls())
                .as("the other keys of the earlier update stay").isEqualTo(20);
    }

    @Test
    void resilience4jToolingSeesTheRateRule() {
        ResilienceConfig config = config(countWindow(10, 50, 40).slowCallDurationThreshold(Duration.ofSeconds(5)));
        succeed(CallPath.BLOCKING, "op", config);
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig described =
                resilience.circuitBreakerRegistry().circuitBreaker("op").getCircuitBreakerConfig();
        assertThat(described.getSlidingWindowType())
                .isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(described.getSlidingWindowSize()).isEqualTo(10);
        assertThat(described.getFailureRateThreshold()).isEqualTo(40f);
        assertThat(described.getSlowCallDurationThreshold()).isEqualTo(Duration.ofSeconds(5));
        assertThat(breaker("op").slidingWindow().minimumCalls()).as("a count window needs at most what it holds")
                .isEqualTo(10);
    }

    // ---------------------------------------------------------------- validation

    @Test
    void javaAndJsonAcceptAndRefuseTheSameValuesNamingFieldRangeAndValue() {
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().failureRateThreshold(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failureRateThreshold must be between 1 and 100 (inclusive), but was 0");
        assertThat(invalid("{\"circuit_breaker_failure_rate_threshold\": 0}").errors())
                .containsExactly("Field 'circuit_breaker_failure_rate_threshold': must be an integer between 1 and 100"
                        + " (inclusive), but was 0");

        assertThatThrownBy(() -> CircuitBreakerConfig.builder().slidingWindowDuration(Duration.ofMillis(1500)).build())
                .hasMessage("slidingWindowDuration must be a whole number of seconds between 1s and 600s (inclusive),"
                        + " but was 1.5s");
        assertThat(invalid("{\"circuit_breaker_sliding_window_duration\": 1.5}").errors())
                .containsExactly("Field 'circuit_breaker_sliding_window_duration': must be a whole number of seconds"
                        + " between 1 and 600 (inclusive), but was 1.5");
        assertThat(CircuitBreakerConfig.builder().slidingWindowDuration(Duration.ofSeconds(600)).build()
                .slidingWindowDuration()).isEqualTo(Duration.ofSeconds(600));
        assertThat(resilience.validateConfiguration("{\"circuit_breaker_sliding_window_duration\": 600.0}").isValid()).isTrue();

        assertThatThrownBy(() -> CircuitBreakerConfig.builder().slidingWindowSize(1001).build())
                .hasMessage("slidingWindowSize must be between 1 and 1000 (inclusive), but was 1001");
        assertThat(invalid("{\"circuit_breaker_minimum_calls\": 1001}").errors()).containsExactly(
                "Field 'circuit_breaker_minimum_calls': must be an integer between 1 and 1000 (inclusive), but was 1001");

        assertThatThrownBy(() -> CircuitBreakerConfig.builder().mode(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("mode must not be null");
        ValidationResult mode = invalid("{\"circuit_breaker_mode\": \"sometimes\"}");
        assertThat(mode.errors()).containsExactly(
                "Field 'circuit_breaker_mode': must be one of consecutive, failure_rate, but was \"sometimes\"");
        assertThat(mode.problems().get(0).allowed()).isEqualTo("one of consecutive, failure_rate");
    }

    @Test
    void everyChoiceOfTheEnumValuedKeysIsAcceptedByJsonAndMeansTheJavaConstant() {
        for (BreakerMode mode : BreakerMode.values()) {
            resilience.updateConfiguration("{\"circuit_breaker_mode\": \"" + mode.wireName() + "\"}");
            assertThat(resilience.getOperationConfig("op").circuitBreaker().mode()).isEqualTo(mode);
        }
        for (SlidingWindowType type : SlidingWindowType.values()) {
            resilience.updateConfiguration("{\"circuit_breaker_sliding_window_type\": \"" + type.wireName() + "\"}");
            assertThat(resilience.getOperationConfig("op").circuitBreaker().slidingWindowType()).isEqualTo(type);
        }
        assertThat(ConfigKey.CIRCUIT_BREAKER_MODE.choices()).containsExactly("consecutive", "failure_rate");
        assertThat(ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE.choices()).containsExactly("count", "time");
        for (String wrong : new String[] {"1", "true", "[\"count\"]", "\"\""}) {
            assertThat(resilience.validateConfiguration("{\"circuit_breaker_sliding_window_type\": " + wrong + "}").isValid())
                    .as(wrong).isFalse();
        }
    }

    @Test
    void slowCallDurationZeroMeansNoneInJavaAsInJson() {
        assertThat(CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ZERO).build()
                .slowCallDurationThreshold()).isNull();
        resilience.updateConfiguration("{\"circuit_breaker_slow_call_duration_threshold\": 0}");
        assertThat(resilience.getOperationConfig("op").circuitBreaker().slowCallDurationThreshold()).isNull();
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().slowCallDurationThreshold(Duration.ofSeconds(-1)).build())
                .hasMessage("slowCallDurationThreshold must be between 0s and 3600s (inclusive), but was -1s");
    }

    private ValidationResult invalid(String json) {
        ValidationResult result = resilience.validateConfiguration(json);
        assertThat(result.isValid()).as(json).isFalse();
        return result;
    }
}
