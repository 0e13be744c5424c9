package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.GlobalResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.OperationLimitExceededException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class OperationsTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @Test
    void precedenceIsCustomThenStrategyThenRegisteredThenBalanced() {
        ResilienceConfig custom = Orchestrators.config(9, 9);
        assertThat(resilience.<String>withResilience("op", ResilienceStrategy.CRITICAL, custom, null).currentConfig())
                .isSameAs(custom);
        assertThat(resilience.<String>withResilience("op", ResilienceStrategy.CRITICAL).currentConfig())
                .isEqualTo(ResilienceStrategy.CRITICAL.config());
        assertThat(resilience.getOperationConfig("op")).isEqualTo(ResilienceStrategy.BALANCED.config());
        resilience.registerOperation("op", ResilienceStrategy.AGGRESSIVE);
        assertThat(resilience.getOperationConfig("op")).isEqualTo(ResilienceStrategy.AGGRESSIVE.config());
    }

    @Test
    void configurationIsReadOnEveryCallSoAlreadyWrappedFunctionsSeeChanges() {
        ScriptedCall<String> call = ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("x"));
        Callable<String> wrapped = resilience.<String>withOperationResilience("summarize_text").decorateCallable(call);
        assertThatThrownBy(wrapped::call).isInstanceOf(TransientAIException.class);
        assertThat(call.invocations()).isEqualTo(3); // BALANCED
        resilience.registerOperation("summarize_text", ResilienceStrategy.CRITICAL);
        assertThatThrownBy(wrapped::call).isInstanceOf(TransientAIException.class);
        assertThat(call.invocations()).isEqualTo(3 + 7); // CRITICAL, same wrapped function
    }

    @Test
    void wrapsSuppliersCallablesFunctionsAndAsyncSuppliers() throws Exception {
        ResilienceDecorator<Integer> op = resilience.withResilience("len", ResilienceStrategy.BALANCED);
        Supplier<Integer> supplier = op.decorateSupplier(() -> 4);
        assertThat(supplier.get()).isEqualTo(4);
        assertThat(op.decorateCallable(() -> 5).call()).isEqualTo(5);
        assertThat(op.<String>decorateFunction(String::length).apply("abcdef")).isEqualTo(6);
        assertThat(op.decorateAsync(() -> java.util.concurrent.CompletableFuture.completedFuture(7)).get().get())
                .isEqualTo(7);
        assertThat(op.get(() -> 8)).isEqualTo(8);
        assertThat(resilience.getMetrics("len").successfulCalls()).isEqualTo(5);
    }

    @Test
    void distinctOperationsAreCappedWithAClearError() {
        AIServiceResilience capped = AIServiceResilience.builder().clock(clock).maxOperations(3).build();
        for (String name : new String[] {"a", "b", "c"}) {
            capped.<String>withOperationResilience(name).call(() -> "ok");
        }
        assertThatThrownBy(() -> capped.<String>withOperationResilience("d").call(() -> "ok"))
                .isInstanceOf(OperationLimitExceededException.class)
                .hasMessageContaining("'d'")
                .hasMessageContaining("limit of 3 distinct operations");
        assertThat(capped.<String>withOperationResilience("a").call(() -> "still fine")).isEqualTo("still fine");
        assertThat(capped.operations()).containsExactly("a", "b", "c");
    }

    @Test
    void badOperationNamesGetClearErrors() {
        assertThatThrownBy(() -> resilience.withOperationResilience(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 200 characters");
        assertThatThrownBy(() -> resilience.withOperationResilience("x".repeat(10_000)))
                .hasMessageContaining("10000 characters long");
        assertThatThrownBy(() -> resilience.withOperationResilience("bad\nname"))
                .hasMessageContaining("control characters").hasMessageContaining("U+000A");
        assertThatThrownBy(() -> resilience.withOperationResilience(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(resilience.<String>withOperationResilience("要約").call(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void globalHelpersActOnTheReplaceableDefaultInstance() {
        AIServiceResilience previous = GlobalResilience.replaceInstance(resilience);
        try {
            assertThat(GlobalResilience.<String>withAggressiveResilience("g_aggr").call(() -> "a")).isEqualTo("a");
            assertThat(GlobalResilience.<String>withBalancedResilience("g_bal").call(() -> "b")).isEqualTo("b");
            assertThat(GlobalResilience.<String>withConservativeResilience("g_cons").call(() -> "c")).isEqualTo("c");
            assertThat(GlobalResilience.<String>withCriticalResilience("g_crit").call(() -> "d")).isEqualTo("d");
            assertThat(GlobalResilience.<String>withOperationResilience("g_op").call(() -> "e")).isEqualTo("e");
            assertThat(GlobalResilience.<String>withCriticalResilience("g_crit").currentConfig())
                    .isEqualTo(ResilienceStrategy.CRITICAL.config());
            assertThat(resilience.operations()).containsExactly("g_aggr", "g_bal", "g_cons", "g_crit", "g_op");
        } finally {
            if (previous != null) {
                GlobalResilience.replaceInstance(previous);
            }
        }
    }

    @Test
    void closeReleasesTheSchedulerThread() throws Exception {
        int before = Thread.activeCount();
        for (int i = 0; i < 50; i++) {
            try (AIServiceResilience own = new AIServiceResilience()) {
                own.<String>withOperationResilience("op")
                        .callAsync(() -> java.util.concurrent.CompletableFuture.failedFuture(new TransientAIException("x")));
            }
        }
        // Terminated threads leave the count once they exit; join them by name rather than sleeping.
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("ai-resilience-scheduler")) {
                thread.join(5_000);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ai-resilience-scheduler"));
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(before + 2);
    }
}
