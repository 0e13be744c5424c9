package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackContext;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class FallbackScenarioTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @Test
    void runsOnceWithTheOriginalArgumentAndTheCause() {
        List<FallbackContext> calls = new CopyOnWriteArrayList<>();
        Function<String, String> summarize = resilience.<String>withResilience("summarize", null,
                Orchestrators.config(3, 50), context -> {
                    calls.add(context);
                    return "summary unavailable for: " + context.argument(String.class);
                }).decorateFunction(text -> {
                    throw new TransientAIException("503 for " + text);
                });
        assertThat(summarize.apply("the text")).isEqualTo("summary unavailable for: the text");
        assertThat(calls).singleElement().satisfies(context -> {
            assertThat(context.operation()).isEqualTo("summarize");
            assertThat(context.argument()).isEqualTo("the text");
            assertThat(context.cause()).isInstanceOf(TransientAIException.class).hasMessage("503 for the text");
            assertThat(context.reason()).isEqualTo(FallbackReason.RETRIES_EXHAUSTED);
            assertThat(context.attempts()).isEqualTo(3);
        });
    }

    @Test
    void aPermanentErrorGoesStraightToTheFallback() {
        List<FallbackContext> calls = new CopyOnWriteArrayList<>();
        String result = resilience.<String>withResilience("op", null, Orchestrators.config(5, 5), context -> {
            calls.add(context);
            return "fb";
        }).call(() -> {
            throw new PermanentAIException("401 invalid key");
        });
        assertThat(result).isEqualTo("fb");
        assertThat(calls).singleElement().extracting(FallbackContext::reason).isEqualTo(FallbackReason.PERMANENT_FAILURE);
    }

    @Test
    void aThrowingFallbackSurfacesItsOwnExceptionWithTheOriginalSuppressed() {
        TransientAIException original = new TransientAIException("503");
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(1, 5), context -> {
            throw new IllegalStateException("cache down too");
        }).call(() -> {
            throw original;
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("cache down too")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(original));
    }

    @Test
    void aFallbackThatThrowsIsCountedAsAFailureNotAsAFallbackAnswer() throws Exception {
        java.util.List<dev.airesilience.event.CallOutcome> outcomes = new CopyOnWriteArrayList<>();
        AIServiceResilience observed = AIServiceResilience.builder().clock(clock)
                .listener(new dev.airesilience.event.ResilienceListener() {
                    @Override
                    public void onCallCompleted(dev.airesilience.event.CallCompletedEvent event) {
                        outcomes.add(event.outcome());
                    }
                }).build();
        dev.airesilience.ResilienceDecorator<String> declining = observed.withResilience("op", null,
                Orchestrators.config(1, 5), context -> {
                    throw new IllegalStateException("not for this failure");
                });
        assertThatThrownBy(() -> declining.call(() -> {
            throw new PermanentAIException("400");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> declining.callAsync(() -> java.util.concurrent.CompletableFuture.failedFuture(
                new PermanentAIException("400"))).get()).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(observed.<String>withResilience("op", null, Orchestrators.config(1, 5), context -> "answered")
                .call(() -> {
                    throw new PermanentAIException("400");
                })).isEqualTo("answered");

        assertThat(observed.getMetrics("op").failedCalls()).isEqualTo(3);
        assertThat(observed.getMetrics("op").fallbackCalls()).isEqualTo(1);
        assertThat(outcomes).containsExactly(dev.airesilience.event.CallOutcome.FAILURE,
                dev.airesilience.event.CallOutcome.FAILURE, dev.airesilience.event.CallOutcome.FALLBACK);
    }

    @Test
    void fallbackResultsOfAnyTypeAreReturnedUnchanged() {
        List<String> points = List.of("Service temporarily unavailable", "Please try again later");
        List<String> result = resilience.<List<String>>withResilience("key_points", null, Orchestrators.config(1, 5),
                context -> points).call(() -> {
                    throw new TransientAIException("503");
                });
        assertThat(result).isSameAs(points);
        assertThat(resilience.getMetrics("key_points").fallbackCalls()).isEqualTo(1);
        assertThat(resilience.getMetrics("key_points").failedCalls()).isEqualTo(1);
    }
}
