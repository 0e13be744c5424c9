package dev.airesilience.tests.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.context.*;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The instrumentation hooks: one call with its attempts, in order, with outcome and reason; the attempt is current
 * while the function runs and the call while the fallback runs.
 */
class CallInstrumentationTest {

    /** What a tracer keeps per thread: the span in scope. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final ManualClock clock = ManualClock.autoAdvancing();

    private final CallInstrumentation recording = (operation, strategy) -> {
        events.add("call " + operation + " " + strategy.wireName());
        return new CallInstrumentation.CallObservation() {
            @Override
            public CallInstrumentation.AttemptObservation attemptStarted(int number) {
                events.add("attempt " + number);
                return new CallInstrumentation.AttemptObservation() {
                    @Override
                    public ContextScope makeCurrent() {
                        return current("attempt " + number);
                    }

                    @Override
                    public void attemptEnded(String reason, Throwable failure) {
                        events.add("attempt " + number + " ended " + reason
                                + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
                    }
                };
            }

            @Override
            public ContextScope makeCurrent() {
                return current("call " + operation);
            }

            @Override
            public void callEnded(String outcome, String reason, Throwable failure) {
                events.add("call ended " + outcome + " " + reason
                        + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
            }
        };
    };

    private static ContextScope current(String name) {
        String previous = CURRENT.get();
        CURRENT.set(name);
        return () -> CURRENT.set(previous);
    }

    private AIServiceResilience orchestrator(CallInstrumentation instrumentation) {
        return AIServiceResilience.builder().clock(clock).random(new Random(42)).instrumentation(instrumentation).build();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aRetriedCallIsOneCallWithAnAttemptPerInvocationAndTheAttemptIsCurrentInsideTheFunction(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new TransientAIException("503"),
                new TransientAIException("503")).thenReturn("ok");
        try (AIServiceResilience resilience = orchestrator(recording)) {
            String answer = path.run(resilience.<String>withResilience("summarize", null, Orchestrators.config(3, 100), null),
                    () -> {
                        events.add("function in " + CURRENT.get());
                        return provider.call();
                    });
            assertThat(answer).isEqualTo("ok");
        }

        assertThat(events).containsExactly(
                "call summarize balanced",
                "attempt 1", "function in attempt 1", "attempt 1 ended transient TransientAIException",
                "attempt 2", "function in attempt 2", "attempt 2 ended transient TransientAIException",
                "attempt 3", "function in attempt 3", "attempt 3 ended none",
                "call ended success none");
        assertThat(CURRENT.get()).isNull(); // every scope was closed
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aPermanentFailureAnsweredByTheFallbackRunsTheFallbackInTheCall(CallPath path) {
        try (AIServiceResilience resilience = orchestrator(recording)) {
            ResilienceDecorator<String> decorator = resilience.<String>withResilience("qa", ResilienceStrategy.CRITICAL,
                    null, context -> {
                        events.add("fallback in " + CURRENT.get());
                        return "canned";
                    });
            assertThat(path.run(decorator, () -> {
                throw new PermanentAIException("400 bad request");
            })).isEqualTo("canned");
        }

        assertThat(events).containsExactly(
                "call qa critical",
                "attempt 1", "attempt 1 ended permanent PermanentAIException",
                "fallback in call qa",
                "call ended fallback permanent_failure");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aCallRejectedByAnOpenCircuitHasNoAttempt(CallPath path) {
        ResilienceConfig oneFailureOpens = Orchestrators.config(1, 1);
        try (AIServiceResilience resilience = orchestrator(recording)) {
            ResilienceDecorator<String> decorator = resilience.withResilience("op", null, oneFailureOpens, null);
            assertThatThrownBy(() -> path.run(decorator, () -> {
                throw new TransientAIException("503");
            })).isInstanceOf(TransientAIException.class);
            events.clear();

            assertThatThrownBy(() -> path.run(decorator, () -> "never")).isInstanceOf(CircuitOpenException.class);
        }

        assertThat(events).containsExactly("call op balanced", "call ended rejected circuit_open CircuitOpenException");
    }

    @Test
    void anAttemptCutOffByItsTimeoutEndsWithReasonTimeout() throws Exception {
        ManualClock manual = new ManualClock();
        ResilienceConfig timed = Orchestrators.config(2, 100).toBuilder().attemptTimeout(Duration.ofSeconds(5)).build();
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(manual).random(new Random(42))
                .instrumentation(recording).build()) {
            CompletableFuture<String> result = resilience.<String>withResilience("op", null, timed, null)
                    .callAsync(() -> new CompletableFuture<>()); // never answers
            manual.advance(Duration.ofSeconds(5)); // first deadline
            manual.advance(Duration.ofSeconds(1)); // backoff
            manual.advance(Duration.ofSeconds(5)); // second deadline
            assertThat(result).isCompletedExceptionally();
        }

        assertThat(events).containsExactly(
                "call op balanced",
                "attempt 1", "attempt 1 ended timeout AttemptTimeoutException",
                "attempt 2", "attempt 2 ended timeout AttemptTimeoutException",
                "call ended failure retries_exhausted AttemptTimeoutException");
    }

    @Test
    void aCancelledCallEndsItsAttemptAndItselfAsAborted() {
        ManualClock manual = new ManualClock();
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(manual).instrumentation(recording)
                .build()) {
            CompletableFuture<String> result = resilience.<String>withResilience("op", null, Orchestrators.config(2, 100),
                    null).callAsync(CompletableFuture::new);
            result.cancel(true);
        }

        assertThat(events).containsExactly("call op balanced", "attempt 1", "attempt 1 ended aborted",
                "call ended failure aborted");
    }

    @Test
    void anInstrumentationThatThrowsDoesNotBreakTheCall() {
        try (AIServiceResilience resilience = orchestrator((operation, strategy) -> {
            throw new IllegalStateException("broken instrumentation");
        })) {
            assertThat(resilience.<String>withResilience("op", null, Orchestrators.config(1, 100), null)
                    .call(() -> "ok")).isEqualTo("ok");
        }
    }
}
