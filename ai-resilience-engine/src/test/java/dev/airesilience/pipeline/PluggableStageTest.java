package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CallRejectedEvent;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.ratelimit.CooldownStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.retry.RetryStage;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stage added to an operation's pipeline changes what its calls do without any change to the drivers: the next
 * issues (throttling, budgets, token limits) are such stages. Each rule of the {@link CallStage} contract is checked
 * through the blocking and the asynchronous driver, with the built-in stages around the added one.
 */
class PluggableStageTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final Random random = new Random(7);
    private final List<ResilienceEvent> events = new ArrayList<>();
    private final Listeners listeners = PipelineFixtures.recordingInto(events);
    private final CallEngine engine = new CallEngine(clock, clock, clock, random, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final ResilienceConfig config = TestConfigs.config(3, 5);

    /** The built-in stages with {@code added} after the breaker, before the retry policy. */
    private Operation operation(CallStage added) {
        return new Operation("op", op -> new Pipeline(List.of(new CooldownStage(clock, random),
                new BreakerStage(op, breakers, clock), added, new RetryStage(random))));
    }

    private <T> T run(Driver driver, Operation op, Supplier<T> function, Fallback<T> fallback) {
        return driver.run(engine, op, config, function, fallback);
    }

    /** Refuses every first attempt: a throttle that sheds the call. */
    private static final class Shedding extends CallStage {
        int released;

        @Override
        public long beforeAttempt(StageCall call) {
            call.reject(new ServiceUnavailableException("shed by the test stage"), CallReason.THROTTLED, Duration.ZERO);
            return REFUSE;
        }

        @Override
        public void release(StageCall call) {
            released++;
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRefusingStageRejectsTheCallBeforeTheFunctionRuns(Driver driver) {
        Shedding shedding = new Shedding();
        Operation op = operation(shedding);
        AtomicInteger invoked = new AtomicInteger();

        String answer = run(driver, op, () -> "provider " + invoked.incrementAndGet(),
                context -> "fallback after " + context.cause().getMessage() + " at attempt " + context.attempts());

        assertThat(invoked).hasValue(0);
        assertThat(answer).isEqualTo("fallback after shed by the test stage at attempt 0");
        assertThat(shedding.released).as("the rejection gives back what the stages took").isEqualTo(1);
        assertThat(events).filteredOn(CallRejectedEvent.class::isInstance).singleElement()
                .satisfies(e -> assertThat(((CallRejectedEvent) e).reason()).isEqualTo(CallReason.THROTTLED));
        CallCompletedEvent completed = (CallCompletedEvent) events.get(events.size() - 1);
        assertThat(completed.outcome()).isEqualTo(CallOutcome.FALLBACK);
        assertThat(completed.attempts()).isZero();
        assertThat(op.metrics().snapshot(clock).fallbackCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void withoutAFallbackTheCallerGetsTheStagesRejection(Driver driver) {
        Operation op = operation(new Shedding());

        assertThatThrownBy(() -> run(driver, op, () -> "never", null))
                .isInstanceOf(ServiceUnavailableException.class).hasMessageContaining("shed by the test stage");
        assertThat(op.metrics().snapshot(clock).rejectedCalls()).isEqualTo(1);
    }

    /** Makes the first ask of every attempt wait 250 ms, then lets it go: a token bucket refilling. */
    private static final class Pacing extends CallStage {
        final List<Integer> asked = new ArrayList<>();

        @Override
        public long beforeAttempt(StageCall call) {
            asked.add(call.attempts());
            if (call.ticket() == call.attempts()) {
                return PROCEED; // this attempt has waited already
            }
            call.ticket(call.attempts());
            return Duration.ofMillis(250).toNanos();
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aWaitingStageDelaysEveryAttemptAndAllStagesAreAskedAgain(Driver driver) {
        Pacing pacing = new Pacing();
        Operation op = operation(pacing);
        AtomicInteger invoked = new AtomicInteger();
        List<Duration> invokedAt = new ArrayList<>();

        String answer = run(driver, op, () -> {
            invokedAt.add(clock.elapsed());
            if (invoked.incrementAndGet() == 1) {
                throw new TransientAIException("503");
            }
            return "ok";
        }, null);

        assertThat(answer).isEqualTo("ok");
        assertThat(pacing.asked).containsExactly(0, 0, 1, 1);
        assertThat(invokedAt.get(0)).isEqualTo(Duration.ofMillis(250));
        // the retry waits its backoff (1 s, plus jitter) and then the stage's 250 ms
        assertThat(invokedAt.get(1).minus(invokedAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(1250));
    }

    /** Stops retries after the first failure and requires a long wait before any retry: the stop wins. */
    private static final class Budget extends CallStage {
        final List<Boolean> sawStopping = new ArrayList<>();

        @Override
        public long afterFailure(StageCall call, long nowNanos) {
            sawStopping.add(call.stopping());
            return STOP;
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aStageThatStopsEndsTheCallAfterEveryStageHasSeenTheFailure(Driver driver) {
        Budget budget = new Budget();
        Operation op = operation(budget);
        AtomicInteger invoked = new AtomicInteger();

        assertThatThrownBy(() -> run(driver, op, () -> {
            invoked.incrementAndGet();
            throw new TransientAIException("503");
        }, null)).isInstanceOf(TransientAIException.class);

        assertThat(invoked).as("no retry once a stage stops").hasValue(1);
        assertThat(budget.sawStopping).containsExactly(false);
        assertThat(op.pipeline().find(BreakerStage.class).snapshot().failureCount())
                .as("the breaker still counted the failed call").isEqualTo(1);
        assertThat(op.metrics().snapshot(clock).failedCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aStageThatRequiresAWaitBeyondTheBudgetEndsTheCallInsteadOfSleepingInVain(Driver driver) {
        Operation op = operation(new CallStage() {
            @Override
            public long afterFailure(StageCall call, long nowNanos) {
                return call.remainingNanos(nowNanos) + 1;
            }
        });
        AtomicInteger invoked = new AtomicInteger();

        assertThatThrownBy(() -> run(driver, op, () -> {
            invoked.incrementAndGet();
            throw new TransientAIException("503");
        }, null)).isInstanceOf(TransientAIException.class);

        assertThat(invoked).hasValue(1);
        assertThat(clock.elapsed()).isZero();
    }

    /** Counts every hook; switched on only under the CRITICAL strategy (any switch a configuration carries will do). */
    private static final class Switchable extends CallStage {
        final List<String> asked = new ArrayList<>();

        @Override
        protected boolean isActive(ResilienceConfig config) {
            return config.strategy() == ResilienceStrategy.CRITICAL;
        }

        @Override
        public long beforeAttempt(StageCall call) {
            asked.add("before " + call.attempts());
            return PROCEED;
        }

        @Override
        public long afterFailure(StageCall call, long nowNanos) {
            asked.add("failure " + call.attempts());
            return 0;
        }

        @Override
        public void onSuccess(StageCall call, long nowNanos) {
            asked.add("success " + call.attempts());
        }
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aStageItsConfigurationSwitchesOffIsNeverAsked(Driver driver) {
        Switchable switchable = new Switchable();
        Operation op = operation(switchable);
        AtomicInteger invoked = new AtomicInteger();
        Supplier<String> failingOnce = () -> {
            if (invoked.incrementAndGet() % 2 == 1) {
                throw new TransientAIException("503");
            }
            return "ok";
        };
        ResilienceConfig switchedOn = config.toBuilder().strategy(ResilienceStrategy.CRITICAL).build();

        assertThat(driver.run(engine, op, config, failingOnce, null)).isEqualTo("ok");
        assertThat(switchable.asked).as("off under the call's configuration").isEmpty();

        assertThat(driver.run(engine, op, switchedOn, failingOnce, null)).isEqualTo("ok");
        assertThat(switchable.asked).as("the same operation, under a configuration that switches it on")
                .containsExactly("before 0", "failure 1", "before 1", "success 2");

        assertThat(driver.run(engine, op, config, failingOnce, null)).isEqualTo("ok");
        assertThat(switchable.asked).as("off again").hasSize(4);
    }
}
