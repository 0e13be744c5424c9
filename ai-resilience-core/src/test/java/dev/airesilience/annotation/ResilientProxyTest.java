package dev.airesilience.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import dev.airesilience.time.ManualClock;

class ResilientProxyTest {

    /** A LangChain4j-style AI service: the interface is all the caller knows. */
    public interface Assistant {
        @Resilient
        String chat(String message);

        @Resilient(operation = "summarize", strategy = ResilienceStrategy.AGGRESSIVE, fallbackMethod = "cannedSummary")
        String summarize(String text);

        @Resilient(operation = "chat-async", fallbackMethod = "asyncApology")
        CompletableFuture<String> chatAsync(String message);

        @Resilient(operation = "stage", fallbackMethod = "plainApology")
        CompletionStage<String> chatStage(String message);

        String plain(String message);
    }

    /** Fails its first {@code failures} calls of every method with {@code failure}, then answers. */
    static class ScriptedAssistant implements Assistant {
        final AtomicInteger calls = new AtomicInteger();
        final List<Throwable> fallbackFailures = new ArrayList<>();
        final RuntimeException failure;
        final int failures;

        ScriptedAssistant(int failures, RuntimeException failure) {
            this.failures = failures;
            this.failure = failure;
        }

        private void maybeFail() {
            if (calls.incrementAndGet() <= failures) {
                throw failure;
            }
        }

        @Override
        public String chat(String message) {
            maybeFail();
            return "echo: " + message;
        }

        @Override
        public String summarize(String text) {
            maybeFail();
            return "summary of " + text;
        }

        @SuppressWarnings("unused")
        private String cannedSummary(String text, Throwable failure) {
            fallbackFailures.add(failure);
            return "canned summary of " + text;
        }

        @Override
        public CompletableFuture<String> chatAsync(String message) {
            if (calls.incrementAndGet() <= failures) {
                return CompletableFuture.failedFuture(failure);
            }
            return CompletableFuture.completedFuture("async echo: " + message);
        }

        @SuppressWarnings("unused")
        private CompletableFuture<String> asyncApology(String message, AIServiceException failure) {
            fallbackFailures.add(failure);
            return CompletableFuture.completedFuture("sorry about " + message);
        }

        @Override
        public CompletionStage<String> chatStage(String message) {
            maybeFail(); // thrown synchronously, before any stage exists
            return CompletableFuture.completedFuture("stage echo: " + message);
        }

        @SuppressWarnings("unused")
        String plainApology(String message) {
            return "plain sorry about " + message;
        }

        @Override
        public String plain(String message) {
            maybeFail();
            return "plain: " + message;
        }

        @Override
        public String toString() {
            return "ScriptedAssistant";
        }
    }

    private final ManualClock clock = new ManualClock();
    private final List<Class<?>> classified = new ArrayList<>();
    private final AIServiceResilience resilience = AIServiceResilience.builder()
            .clock(clock)
            .random(new Random(42))
            .classifier(failure -> {
                classified.add(failure.getClass());
                return FailureClassifier.defaults().classify(failure);
            })
            .build();

    @AfterEach
    void close() {
        resilience.close();
    }

    /** advance() jumps at once, so a long jump would overshoot the time budget between attempts. */
    private void advanceSecondBySecondUntilDone(CompletableFuture<?> future) {
        for (int second = 0; second < 300 && !future.isDone(); second++) {
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void retriesTransientFailuresOfAnAnnotatedMethodInVirtualTime() {
        ScriptedAssistant raw = new ScriptedAssistant(2, new ServiceUnavailableException("503 overloaded"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        assertThat(assistant.chat("hi")).isEqualTo("echo: hi");

        assertThat(raw.calls).hasValue(3);
        assertThat(clock.sleeps()).hasSize(2);
        assertThat(resilience.getMetrics("Assistant.chat").attempts()).isEqualTo(3);
        assertThat(resilience.getMetrics("Assistant.chat").successfulCalls()).isEqualTo(1);
    }

    @Test
    void defaultsTheOperationNameToInterfaceSimpleNameDotMethod() {
        Assistant assistant = ResilientProxy.create(Assistant.class, new ScriptedAssistant(0, null), resilience);

        assistant.chat("hi");
        assistant.summarize("text");

        assertThat(calledOperations()).containsExactly("Assistant.chat", "summarize");
    }

    @Test
    void classifierSeesTheImplementationsOwnExceptionNotAReflectionWrapper() {
        ScriptedAssistant raw = new ScriptedAssistant(1, new PermanentAIException("400 bad prompt"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        assertThatThrownBy(() -> assistant.chat("hi")).isInstanceOf(PermanentAIException.class)
                .hasMessage("400 bad prompt");

        assertThat(classified).containsExactly(PermanentAIException.class);
        assertThat(raw.calls).as("a permanent failure is not retried").hasValue(1);
    }

    @Test
    void explicitStrategyLimitsAttemptsAndTheFallbackReceivesArgumentsAndFailure() {
        ScriptedAssistant raw = new ScriptedAssistant(99, new UncheckedIOException(new IOException("reset")));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        assertThat(assistant.summarize("the report")).isEqualTo("canned summary of the report");

        assertThat(raw.calls).as("AGGRESSIVE allows 2 attempts").hasValue(2);
        assertThat(raw.fallbackFailures).singleElement().isInstanceOf(TransientAIException.class)
                .extracting(Throwable::getCause).isInstanceOf(UncheckedIOException.class);
        assertThat(resilience.getMetrics("summarize").fallbackCalls()).isEqualTo(1);
    }

    @Test
    void fallbackAnswersCallsRejectedByAnOpenCircuit() {
        ScriptedAssistant raw = new ScriptedAssistant(99, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);
        for (int i = 0; i < 3; i++) { // AGGRESSIVE opens after 3 failed calls
            assistant.summarize("x");
        }
        int callsWhenOpen = raw.calls.get();

        assertThat(assistant.summarize("y")).isEqualTo("canned summary of y");

        assertThat(raw.calls).as("an open circuit does not call the provider").hasValue(callsWhenOpen);
        assertThat(raw.fallbackFailures).last().isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void asynchronousMethodSchedulesItsRetriesOnTheVirtualClock() {
        ScriptedAssistant raw = new ScriptedAssistant(1, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        CompletableFuture<String> answer = assistant.chatAsync("hi");

        assertThat(answer).isNotDone();
        assertThat(clock.pendingTasks()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(30));
        assertThat(answer).isCompletedWithValue("async echo: hi");
        assertThat(raw.calls).hasValue(2);
        assertThat(clock.sleeps()).as("asynchronous retries never sleep").isEmpty();
    }

    @Test
    void asynchronousFallbackStageAnswersWhenRetriesAreExhausted() {
        ScriptedAssistant raw = new ScriptedAssistant(99, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        CompletableFuture<String> answer = assistant.chatAsync("hi");
        advanceSecondBySecondUntilDone(answer);

        assertThat(answer).isCompletedWithValue("sorry about hi");
        assertThat(raw.calls).as("BALANCED allows 3 attempts").hasValue(3);
        assertThat(raw.fallbackFailures).singleElement().isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void completionStageMethodRetriesSynchronousThrowsAndFallsBackToAPlainValue() {
        ScriptedAssistant raw = new ScriptedAssistant(99, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        CompletionStage<String> answer = assistant.chatStage("hi");
        advanceSecondBySecondUntilDone(answer.toCompletableFuture());

        assertThat(answer.toCompletableFuture()).isCompletedWithValue("plain sorry about hi");
        assertThat(raw.calls).hasValue(3);
    }

    @Test
    void completionStageMethodSucceedsAfterASynchronousThrow() {
        ScriptedAssistant raw = new ScriptedAssistant(1, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        CompletionStage<String> answer = assistant.chatStage("hi");
        clock.advance(Duration.ofSeconds(30));

        assertThat(answer.toCompletableFuture()).isCompletedWithValue("stage echo: hi");
    }

    @Test
    void nonAnnotatedMethodsPassStraightThroughWithTheirOwnException() {
        UncheckedIOException failure = new UncheckedIOException(new IOException("reset"));
        ScriptedAssistant raw = new ScriptedAssistant(1, failure);
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        assertThatThrownBy(() -> assistant.plain("hi")).isSameAs(failure);
        assertThat(assistant.plain("hi")).isEqualTo("plain: hi");

        assertThat(raw.calls).hasValue(2);
        assertThat(calledOperations()).isEmpty();
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void objectMethodsDescribeAndCompareByImplementation() {
        ScriptedAssistant raw = new ScriptedAssistant(0, null);
        Assistant first = ResilientProxy.create(Assistant.class, raw, resilience);
        Assistant second = ResilientProxy.create(Assistant.class, raw, resilience);
        Assistant other = ResilientProxy.create(Assistant.class, new ScriptedAssistant(0, null), resilience);

        assertThat(first.toString()).isEqualTo("ResilientProxy[Assistant -> ScriptedAssistant]");
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(raw).isNotEqualTo(other).isNotEqualTo(raw);
        assertThat(ResilientProxy.isResilientProxy(first)).isTrue();
        assertThat(ResilientProxy.isResilientProxy(raw)).isFalse();
        assertThat(calledOperations()).as("Object methods are never resilient").isEmpty();
    }

    // ---------------------------------------------------------------- annotation placement

    public interface Translator {
        String translate(String text);

        String untouched(String text);
    }

    static class AnnotatedTranslator implements Translator {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        @Resilient(operation = "translate", strategy = ResilienceStrategy.CONSERVATIVE)
        public String translate(String text) {
            if (calls.incrementAndGet() < 4) {
                throw new ServiceUnavailableException("529 overloaded");
            }
            return "translated " + text;
        }

        @Override
        public String untouched(String text) {
            return text;
        }
    }

    @Test
    void honoursAnnotationsOnTheImplementationsMethods() {
        AnnotatedTranslator raw = new AnnotatedTranslator();
        Translator translator = ResilientProxy.create(Translator.class, raw, resilience);

        assertThat(translator.translate("hola")).isEqualTo("translated hola");

        assertThat(raw.calls).as("CONSERVATIVE allows 5 attempts").hasValue(4);
        assertThat(calledOperations()).containsExactly("translate");
    }

    @Resilient(strategy = ResilienceStrategy.AGGRESSIVE)
    public interface Embedder {
        String embed(String text);

        @Resilient(operation = "embed-batch")
        String embedBatch(String text);
    }

    @Test
    void typeLevelAnnotationCoversEveryMethodAndMethodLevelWins() {
        AtomicInteger calls = new AtomicInteger();
        Embedder raw = new Embedder() {
            @Override
            public String embed(String text) {
                calls.incrementAndGet();
                throw new ServiceUnavailableException("503");
            }

            @Override
            public String embedBatch(String text) {
                return "batch";
            }
        };
        Embedder embedder = ResilientProxy.create(Embedder.class, raw, resilience);

        assertThatThrownBy(() -> embedder.embed("x")).isInstanceOf(ServiceUnavailableException.class);
        embedder.embedBatch("y");

        assertThat(calls).as("AGGRESSIVE from the type allows 2 attempts").hasValue(2);
        assertThat(calledOperations()).containsExactly("Embedder.embed", "embed-batch");
    }

    @Test
    void operationsRegisteredWithAStrategyAreUsedWhenTheAnnotationNamesNone() {
        resilience.registerOperation("Assistant.chat", ResilienceStrategy.AGGRESSIVE);
        ScriptedAssistant raw = new ScriptedAssistant(99, new ServiceUnavailableException("503"));
        Assistant assistant = ResilientProxy.create(Assistant.class, raw, resilience);

        assertThatThrownBy(() -> assistant.chat("hi")).isInstanceOf(ServiceUnavailableException.class);

        assertThat(raw.calls).hasValue(2);
    }

    public interface Search {
        @Resilient(operation = "search", strategy = ResilienceStrategy.AGGRESSIVE, fallbackMethod = "offline")
        String search(String query);

        @Resilient(operation = "quota", strategy = ResilienceStrategy.AGGRESSIVE, fallbackMethod = "onlyRateLimits")
        String quota(String query);
    }

    static class FlakySearch implements Search {
        final List<Throwable> received = new ArrayList<>();

        @Override
        public String search(String query) {
            throw new UncheckedIOException(new IOException("connection reset"));
        }

        @Override
        public String quota(String query) {
            throw new ServiceUnavailableException("503");
        }

        @SuppressWarnings("unused")
        String offline(String query, UncheckedIOException failure) {
            received.add(failure);
            return "offline results for " + query;
        }

        @SuppressWarnings("unused")
        String onlyRateLimits(String query, dev.airesilience.exception.RateLimitException failure) {
            return "never";
        }
    }

    @Test
    void fallbackParameterNarrowerThanTheOrchestratorsExceptionReceivesTheImplementationsException() {
        FlakySearch raw = new FlakySearch();
        Search search = ResilientProxy.create(Search.class, raw, resilience);

        assertThat(search.search("java")).isEqualTo("offline results for java");

        assertThat(raw.received).singleElement().isInstanceOf(UncheckedIOException.class)
                .extracting(Throwable::getMessage).asString().contains("connection reset");
    }

    @Test
    void fallbackForAnotherKindOfFailureLetsTheFailurePropagate() {
        Search search = ResilientProxy.create(Search.class, new FlakySearch(), resilience);

        assertThatThrownBy(() -> search.quota("java")).isInstanceOf(ServiceUnavailableException.class).hasMessage("503");
    }

    /** As a LangChain4j AI service is declared: abstract methods for the model, default methods for the rest. */
    public interface GeneratedAssistant {
        @Resilient(fallbackMethod = "busy")
        String chat(String message);

        @Resilient(operation = "generated-async", fallbackMethod = "busyLater")
        CompletableFuture<String> chatAsync(String message);

        default String busy(String message, Throwable failure) {
            return "busy (" + failure.getMessage() + ")";
        }

        default CompletableFuture<String> busyLater(String message) {
            return CompletableFuture.completedFuture("busy later");
        }
    }

    @Test
    void worksWhenTheImplementationIsItselfAGeneratedProxyWithDefaultMethodFallbacks() {
        AtomicInteger modelCalls = new AtomicInteger();
        GeneratedAssistant generated = (GeneratedAssistant) java.lang.reflect.Proxy.newProxyInstance(
                GeneratedAssistant.class.getClassLoader(), new Class<?>[] {GeneratedAssistant.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    modelCalls.incrementAndGet();
                    if (method.getName().equals("chatAsync")) {
                        return CompletableFuture.failedFuture(new ServiceUnavailableException("529 overloaded"));
                    }
                    throw new ServiceUnavailableException("529 overloaded");
                });
        GeneratedAssistant assistant = ResilientProxy.create(GeneratedAssistant.class, generated, resilience);

        assertThat(assistant.chat("hi")).isEqualTo("busy (529 overloaded)");
        CompletableFuture<String> later = assistant.chatAsync("hi");
        advanceSecondBySecondUntilDone(later);

        assertThat(later).isCompletedWithValue("busy later");
        assertThat(modelCalls).as("3 BALANCED attempts each").hasValue(6);
        assertThat(calledOperations()).containsExactly("GeneratedAssistant.chat", "generated-async");
    }

    /** Operations that have been called (breakers of annotated methods exist from wrap time, as the seed has it). */
    private java.util.List<String> calledOperations() {
        return resilience.getAllMetrics().operations().keySet().stream().sorted().toList();
    }
}
