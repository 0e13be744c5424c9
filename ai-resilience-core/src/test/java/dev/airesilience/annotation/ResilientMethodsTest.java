package dev.airesilience.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.time.ManualClock;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilientMethodsTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build();

    @AfterEach
    void close() {
        resilience.close();
    }

    public interface MissingFallback {
        @Resilient(fallbackMethod = "nowhere")
        String chat(String message);
    }

    @Test
    void missingFallbackFailsAtProxyCreationNamingTheMethod() {
        MissingFallback raw = message -> message;

        assertThatThrownBy(() -> ResilientProxy.create(MissingFallback.class, raw, resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@Resilient on MissingFallback.chat(String)")
                .hasMessageContaining("fallbackMethod 'nowhere'")
                .hasMessageContaining("there is no method named 'nowhere'")
                .hasMessageContaining("String nowhere(String) or String nowhere(String, Throwable)");
    }

    public interface Chat {
        @Resilient(fallbackMethod = "fallback")
        String chat(String message, int maxTokens);
    }

    static class WrongParameters implements Chat {
        @Override
        public String chat(String message, int maxTokens) {
            return message;
        }

        String fallback(String message) {
            return message;
        }

        String fallback(String message, int maxTokens, String notAThrowable) {
            return message;
        }
    }

    @Test
    void fallbackWithWrongParametersIsRejectedListingEachCandidate() {
        assertThatThrownBy(() -> ResilientProxy.create(Chat.class, new WrongParameters(), resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Chat.chat(String, int)")
                .hasMessageContaining("String fallback(String) has the wrong parameters")
                .hasMessageContaining("String fallback(String, int, String) has the wrong parameters");
    }

    static class WrongReturnType implements Chat {
        @Override
        public String chat(String message, int maxTokens) {
            return message;
        }

        Integer fallback(String message, int maxTokens, Throwable failure) {
            return 0;
        }
    }

    @Test
    void fallbackWithWrongReturnTypeIsRejected() {
        assertThatThrownBy(() -> ResilientProxy.create(Chat.class, new WrongReturnType(), resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Chat.chat(String, int)")
                .hasMessageContaining("Integer fallback(String, int, Throwable) returns Integer, which is not assignable to String");
    }

    static class Ambiguous implements Chat {
        @Override
        public String chat(String message, int maxTokens) {
            return message;
        }

        String fallback(String message, int maxTokens, IllegalStateException failure) {
            return message;
        }

        String fallback(String message, int maxTokens, RuntimeException failure) {
            return message;
        }
    }

    @Test
    void twoFallbacksThatFitEquallyWellAreRejectedAsAmbiguous() {
        assertThatThrownBy(() -> ResilientProxy.create(Chat.class, new Ambiguous(), resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("it is ambiguous");
    }

    public interface AsyncChat {
        @Resilient(fallbackMethod = "fallback")
        CompletableFuture<String> chat(String message);
    }

    static class AsyncWithWrongElement implements AsyncChat {
        @Override
        public CompletableFuture<String> chat(String message) {
            return CompletableFuture.completedFuture(message);
        }

        Integer fallback(String message) {
            return 1;
        }
    }

    @Test
    void asyncFallbackMustReturnAStageOrTheElementType() {
        assertThatThrownBy(() -> ResilientProxy.create(AsyncChat.class, new AsyncWithWrongElement(), resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AsyncChat.chat(String)")
                .hasMessageContaining("neither a CompletionStage nor assignable to String");
    }

    public interface FutureChat {
        @Resilient
        Future<String> chat(String message);
    }

    @Test
    void unsupportedAsynchronousReturnTypesAreRejected() {
        FutureChat raw = message -> CompletableFuture.completedFuture(message);

        assertThatThrownBy(() -> ResilientProxy.create(FutureChat.class, raw, resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FutureChat.chat(String): return type java.util.concurrent.Future is not supported");
    }

    public interface TwoStrategies {
        @Resilient(strategy = {ResilienceStrategy.AGGRESSIVE, ResilienceStrategy.CRITICAL})
        String chat(String message);
    }

    @Test
    void moreThanOneStrategyIsRejectedWithTheCount() {
        TwoStrategies raw = message -> message;

        assertThatThrownBy(() -> ResilientProxy.create(TwoStrategies.class, raw, resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@Resilient on TwoStrategies.chat(String): strategy must list at most 1 strategy, but "
                        + "listed 2: [aggressive, critical]");
    }

    public interface BadName {
        @Resilient(operation = "bad\nname")
        String chat(String message);
    }

    @Test
    void invalidOperationNameIsRejectedAtCreation() {
        BadName raw = message -> message;

        assertThatThrownBy(() -> ResilientProxy.create(BadName.class, raw, resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("@Resilient on BadName.chat(String): ");
    }

    @Test
    void classesAreRejectedAsProxyTypes() {
        assertThatThrownBy(() -> ResilientProxy.create(Object.class, new Object(), resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("type must be an interface, but was the class java.lang.Object");
    }

    // ---------------------------------------------------------------- the API the Spring starter reuses

    static class Bean {
        @Resilient(operation = "summarize", strategy = ResilienceStrategy.CRITICAL, fallbackMethod = "recover")
        public String summarize(String text) {
            return text;
        }

        @Resilient
        public CompletionStage<String> stream(String text) {
            return CompletableFuture.completedFuture(text);
        }

        public String notResilient(String text) {
            return text;
        }

        private String recover(String text, Exception failure) {
            return text;
        }
    }

    @Test
    void resolveAllDescribesEveryAnnotatedMethodOfABeanClass() {
        Map<Method, ResilientMethod> plans = ResilientMethods.resolveAll(Bean.class, Bean.class);

        assertThat(plans.values()).extracting(ResilientMethod::operation).containsExactly("Bean.stream", "summarize");
        ResilientMethod summarize = plans.values().stream().filter(p -> p.operation().equals("summarize"))
                .findFirst().orElseThrow();
        assertThat(summarize.strategy()).contains(ResilienceStrategy.CRITICAL);
        assertThat(summarize.kind()).isEqualTo(ResilientMethod.Kind.VALUE);
        assertThat(summarize.fallbackMethod()).get().extracting(Method::getName).isEqualTo("recover");
        assertThat(plans.values()).extracting(ResilientMethod::kind)
                .containsExactly(ResilientMethod.Kind.COMPLETION_STAGE, ResilientMethod.Kind.VALUE);
    }

    @Test
    void boundInvokerRunsAnyInvocationThroughTheOrchestrator() throws Exception {
        Method method = Bean.class.getMethod("summarize", String.class);
        ResilientMethod plan = ResilientMethods.resolve(Bean.class, method, Bean.class).orElseThrow();
        ResilientMethod.Invoker invoker = plan.bind(resilience, new Bean());

        Object answer = invoker.invoke(new Object[] {"text"}, () -> {
            throw new IllegalArgumentException("bad prompt");
        });

        assertThat(answer).as("the fallback answers with its argument").isEqualTo("text");
        assertThat(resilience.getMetrics("summarize").fallbackCalls()).isEqualTo(1);
        assertThat(List.of(ResilientMethods.findAnnotation(Bean.class.getMethod("notResilient", String.class), Bean.class)))
                .singleElement().isEqualTo(java.util.Optional.empty());
    }

    public interface Summarizer {
        @Resilient(operation = "summarize-doc", strategy = ResilienceStrategy.CONSERVATIVE)
        String summarize(String text);
    }

    static class SummarizerBean implements Summarizer {
        @Override
        public String summarize(String text) {
            return text;
        }
    }

    @Test
    void interfaceAnnotationIsFoundFromTheBeanClassAsSpringAopSeesIt() {
        Map<Method, ResilientMethod> plans = ResilientMethods.resolveAll(SummarizerBean.class, SummarizerBean.class);

        assertThat(plans.values()).singleElement().satisfies(plan -> {
            assertThat(plan.operation()).isEqualTo("summarize-doc");
            assertThat(plan.strategy()).contains(ResilienceStrategy.CONSERVATIVE);
        });
    }
}
