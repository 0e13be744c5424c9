package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CallRejectedEvent;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.ThrottledException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.recording.Listeners;
import dev.airesilience.retry.RetryBudgetStage;
import dev.airesilience.throttle.ThrottleStage;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load-aware stages (issue 14) in the built-in pipeline, in ResilienceCore's order, through both drivers:
 * adaptive client-side throttling and the retry budget, each exact in virtual time with a fixed random draw.
 */
class LoadAwareStagesTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    /** Every draw is 0.5: an attempt is rejected exactly when the throttle's probability exceeds one half. */
    private final RandomGenerator half = () -> 1L << 63;
    private final List<ResilienceEvent> events = new ArrayList<>();
    private final Listeners listeners = PipelineFixtures.recordingInto(events);
    private final CallEngine engine = new CallEngine(clock, clock, clock, half, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final Operation op = PipelineFixtures.everyStage(clock, half, breakers);

    private <T> T run(Driver driver, ResilienceConfig config, Supplier<T> function, Fallback<T> fallback) {
        return driver.run(engine, op, config, function, fallback);
    }

    private static ResilienceConfig throttled(int attempts) {
        return TestConfigs.config(attempts, 100).toBuilder().enableCircuitBreaker(false)
                .throttle(ThrottleConfig.enabledDefaults()).build();
    }

    private static ResilienceConfig budgeted(int attempts) {
        return TestConfigs.config(attempts, 100).toBuilder().enableCircuitBreaker(false)
                .retryBudget(RetryBudgetConfig.enabledDefaults()).build();
    }

    private long count(CallOutcome outcome, CallReason reason) {
        return op.metrics().snapshot(clock).count(outcome.tag(), reason.tag());
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theThrottleRejectsLocallyAsTheSreFormulaSaysAndAdmitsAgainOnceTheWindowHasSlid(Driver driver) {
        ResilienceConfig config = throttled(1);
        AtomicInteger invoked = new AtomicInteger();
        AtomicBoolean overloaded = new AtomicBoolean();
        Supplier<String> provider = () -> {
            invoked.incrementAndGet();
            if (overloaded.get()) {
                throw new ServiceUnavailableException("503 overloaded", null, 503);
            }
            return "ok";
        };
        for (int i = 0; i < 10; i++) {
            assertThat(run(driver, config, provider, null)).isEqualTo("ok");
        }
        overloaded.set(true);
        int rejected = 0;
        ThrottledException firstRejection = null;
        for (int i = 0; i < 90; i++) {
            try {
                run(driver, config, provider, null);
            } catch (ThrottledException e) {
                rejected++;
                firstRejection = firstRejection == null ? e : firstRejection;
            } catch (ServiceUnavailableException e) {
                assertThat(rejected).as("once rejecting, the probability only rises").isZero();
            }
        }
        // 10 accepts, K = 2: p = (r - 20) / (r + 1) exceeds the draw of 0.5 from r = 42 requests on, so the
        // provider sees attempts 0..41 and every later one is shed (rejections count as requests, p keeps rising).
        assertThat(invoked).hasValue(42);
        assertThat(rejected).isEqualTo(100 - 42);
        assertThat(firstRejection.rejectProbability()).isEqualTo(22.0 / 43);
        assertThat(firstRejection.operation()).isEqualTo("op");
        assertThat(count(CallOutcome.REJECTED, CallReason.CLIENT_THROTTLED)).isEqualTo(58);
        assertThat(count(CallOutcome.FAILURE, CallReason.EXHAUSTED)).isEqualTo(32);
        assertThat(events).filteredOn(CallRejectedEvent.class::isInstance).hasSize(58)
                .allSatisfy(e -> assertThat(((CallRejectedEvent) e).reason()).isEqualTo(CallReason.CLIENT_THROTTLED));

        clock.advance(Duration.ofSeconds(121)); // the 120 s window slides past the outage
        overloaded.set(false);
        assertThat(run(driver, config, provider, null)).isEqualTo("ok");
        assertThat(invoked).hasValue(43);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aThrottledCallGoesToTheFallbackWithItsOwnReason(Driver driver) {
        ResilienceConfig config = throttled(1);
        List<FallbackReason> reasons = new ArrayList<>();
        Fallback<String> fallback = context -> {
            reasons.add(context.reason());
            return "fallback";
        };
        for (int i = 0; i < 3; i++) { // p = 0, 0.5 (not above the draw), 2/3: the third call is shed
            run(driver, config, () -> {
                throw new ServiceUnavailableException("503", null, 503);
            }, fallback);
        }
        assertThat(reasons).containsExactly(FallbackReason.RETRIES_EXHAUSTED, FallbackReason.RETRIES_EXHAUSTED,
                FallbackReason.CLIENT_THROTTLED);
        assertThat(count(CallOutcome.FALLBACK, CallReason.CLIENT_THROTTLED)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void permanentErrorsAreAcceptsAndAShedRetryEndsTheCallWithItsLastFailure(Driver driver) {
        ResilienceConfig config = throttled(5);
        AtomicInteger invoked = new AtomicInteger();
        // Permanent errors are served answers: 5 calls, 5 requests, 5 accepts, never a local rejection.
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> run(driver, config, () -> {
                invoked.incrementAndGet();
                throw new PermanentAIException("400 bad request", null, 400);
            }, null)).isInstanceOf(PermanentAIException.class);
        }
        assertThat(count(CallOutcome.REJECTED, CallReason.CLIENT_THROTTLED)).isZero();
        // Then 503s: p = (r - 10) / (r + 1) > 0.5 from r = 22 on; the retries of one call take r from 5 to 21
        // in four calls of 5 attempts... the attempt at r = 22 is a retry, refused: the call ends with its 503.
        int[] attemptsPerCall = new int[5];
        for (int call = 0; call < 5; call++) {
            int before = invoked.get();
            try {
                run(driver, config, () -> {
                    invoked.incrementAndGet();
                    throw new ServiceUnavailableException("503", null, 503);
                }, null);
            } catch (ThrottledException e) {
                attemptsPerCall[call] = -1;
                continue;
            } catch (ServiceUnavailableException e) {
                assertThat(e).hasMessage("503");
            }
            attemptsPerCall[call] = invoked.get() - before;
        }
        // r = 5..9, 10..14, 15..19 are admitted (p <= 0.5 up to r = 21); the fourth call's attempts at r = 20, 21
        // run and the one at r = 22 is refused; the fifth call's first attempt (r = 23) is rejected.
        assertThat(attemptsPerCall).containsExactly(5, 5, 5, 2, -1);
        assertThat(count(CallOutcome.FAILURE, CallReason.EXHAUSTED)).isEqualTo(4);
        assertThat(count(CallOutcome.REJECTED, CallReason.CLIENT_THROTTLED)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void callsTheOpenCircuitRejectsAreNoThrottleRequests(Driver driver) {
        ResilienceConfig config = TestConfigs.config(1, 1).toBuilder().throttle(ThrottleConfig.enabledDefaults()).build();
        ThrottleStage throttle = op.pipeline().find(ThrottleStage.class);
        assertThatThrownBy(() -> run(driver, config, () -> {
            throw new ServiceUnavailableException("503", null, 503);
        }, null)).isInstanceOf(ServiceUnavailableException.class); // one request, no accept; the circuit opens
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> run(driver, config, () -> "never", null))
                    .isInstanceOf(dev.airesilience.exception.CircuitOpenException.class);
        }
        // The throttle admitted each of them and the breaker refused it before it ran: given back, p stays 1/2.
        assertThat(throttle.rejectProbability(config.throttle())).isEqualTo(0.5);
        assertThat(count(CallOutcome.REJECTED, CallReason.CIRCUIT_OPEN)).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void disabledTheThrottleNeverRejects(Driver driver) {
        ResilienceConfig config = TestConfigs.config(1, 100).toBuilder().enableCircuitBreaker(false).build();
        AtomicInteger invoked = new AtomicInteger();
        for (int i = 0; i < 200; i++) {
            assertThatThrownBy(() -> run(driver, config, () -> {
                invoked.incrementAndGet();
                throw new ServiceUnavailableException("503", null, 503);
            }, null)).isNotInstanceOf(ThrottledException.class);
        }
        assertThat(invoked).hasValue(200);
        assertThat(op.pipeline().find(ThrottleStage.class).rejectProbability(ThrottleConfig.enabledDefaults()))
                .as("a disabled throttle counts nothing").isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theRetryBudgetBoundsRetriesDuringAnOutageAndSuccessesEarnThemBack(Driver driver) {
        ResilienceConfig config = budgeted(3);
        AtomicInteger invoked = new AtomicInteger();
        Supplier<String> failing = () -> {
            invoked.incrementAndGet();
            throw new ServiceUnavailableException("503", null, 503);
        };
        List<Integer> attempts = new ArrayList<>();
        for (int call = 0; call < 5; call++) {
            int before = invoked.get();
            assertThatThrownBy(() -> run(driver, config, failing, null)).isInstanceOf(ServiceUnavailableException.class);
            attempts.add(invoked.get() - before);
        }
        // 10 tokens, one per failure, retries only above 5: 9, 8, 7 (attempts spent); 6, then 5 stops; 4; 3; 2.
        assertThat(attempts).containsExactly(3, 2, 1, 1, 1);
        assertThat(count(CallOutcome.FAILURE, CallReason.EXHAUSTED)).isEqualTo(1);
        assertThat(count(CallOutcome.FAILURE, CallReason.RETRY_BUDGET)).isEqualTo(4);
        RetryBudgetStage budget = op.pipeline().find(RetryBudgetStage.class);
        assertThat(budget.milliTokens(config.retryBudget())).isEqualTo(2000);

        // 0.1 per success: 40 successes bring 2 tokens to 6, and a failure then leaves 5, not above half...
        for (int i = 0; i < 40; i++) {
            run(driver, config, () -> "ok", null);
        }
        int before = invoked.get();
        assertThatThrownBy(() -> run(driver, config, failing, null)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(invoked.get() - before).isEqualTo(1);
        // ...41 bring 5 to 9.1, and the next failing call retries while its failures leave 8.1, 7.1.
        for (int i = 0; i < 41; i++) {
            run(driver, config, () -> "ok", null);
        }
        assertThat(budget.milliTokens(config.retryBudget())).isEqualTo(9100);
        before = invoked.get();
        assertThatThrownBy(() -> run(driver, config, failing, null)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(invoked.get() - before).isEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aCallTheBudgetStoppedGoesToTheFallbackWithTheBudgetAsReason(Driver driver) {
        ResilienceConfig config = TestConfigs.config(20, 100).toBuilder().enableCircuitBreaker(false)
                .retryBudget(new RetryBudgetConfig(true, 4, 0.5)).build();
        List<String> seen = new ArrayList<>();
        String answer = run(driver, config, () -> {
            throw new ServiceUnavailableException("503", null, 503);
        }, context -> {
            seen.add(context.reason() + " after " + context.attempts());
            return "fallback";
        });
        // 4 tokens: 3 left after the first failure (retry), 2 after the second: stop.
        assertThat(answer).isEqualTo("fallback");
        assertThat(seen).containsExactly("RETRY_BUDGET after 2");
        CallCompletedEvent completed = (CallCompletedEvent) events.get(events.size() - 1);
        assertThat(completed.reason()).isEqualTo(CallReason.RETRY_BUDGET);
        assertThat(completed.outcome()).isEqualTo(CallOutcome.FALLBACK);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void disabledTheBudgetLeavesEveryCallItsRetries(Driver driver) {
        ResilienceConfig config = TestConfigs.config(3, 100).toBuilder().enableCircuitBreaker(false).build();
        AtomicInteger invoked = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> run(driver, config, () -> {
                invoked.incrementAndGet();
                throw new ServiceUnavailableException("503", null, 503);
            }, null)).isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(invoked).hasValue(30);
        assertThat(count(CallOutcome.FAILURE, CallReason.RETRY_BUDGET)).isZero();
    }
}
