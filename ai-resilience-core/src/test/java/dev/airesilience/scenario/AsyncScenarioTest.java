package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class AsyncScenarioTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);
    private final ResilienceDecorator<String> op = resilience.withResilience("op", null, Orchestrators.config(4, 50), null);

    @Test
    void retriesAreScheduledNotSleptAndTheFutureCompletesAfterTheDelays() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        CompletableFuture<String> result = op.callAsync(() -> invocations.incrementAndGet() < 3
                ? CompletableFuture.failedFuture(new TransientAIException("503"))
                : CompletableFuture.completedFuture("ok"));
        assertThat(result).isNotDone();
        assertThat(invocations).hasValue(1);
        assertThat(clock.sleeps()).isEmpty(); // nothing blocked
        clock.advance(Duration.ofSeconds(1));
        assertThat(invocations).hasValue(2);
        clock.advance(Duration.ofSeconds(2));
        assertThat(result.get()).isEqualTo("ok");
        assertThat(resilience.getMetrics("op").retryAttempts()).isEqualTo(2);
    }

    @Test
    void cancellingTheFutureStopsFurtherAttempts() {
        AtomicInteger invocations = new AtomicInteger();
        CompletableFuture<String> result = op.callAsync(() -> {
            invocations.incrementAndGet();
            return CompletableFuture.failedFuture(new TransientAIException("503"));
        });
        assertThat(invocations).hasValue(1);
        result.cancel(true);
        clock.advance(Duration.ofMinutes(5));
        assertThat(invocations).hasValue(1);
        assertThat(clock.pendingTasks()).isZero();
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
    }

    @Test
    void asyncFallbackAnswersWhenRetriesAreExhausted() throws Exception {
        Supplier<CompletableFuture<String>> failing = () -> CompletableFuture.failedFuture(new TransientAIException("503"));
        CompletableFuture<String> result = op.withAsyncFallback(
                context -> CompletableFuture.completedFuture("async fallback for " + context.operation())).callAsync(failing);
        clock.advance(Duration.ofMinutes(1));
        assertThat(result.get()).isEqualTo("async fallback for op");
    }

    @Test
    void syncFallbackWorksOnTheAsyncPathAndPermanentFailuresAreNotRetried() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        CompletableFuture<String> result = op.withFallback(Fallback.value("fb")).callAsync(() -> {
            invocations.incrementAndGet();
            return CompletableFuture.failedFuture(new PermanentAIException("400"));
        });
        assertThat(result.get()).isEqualTo("fb");
        assertThat(invocations).hasValue(1);
    }

    @Test
    void aThrowingAsyncFallbackFailsTheFutureWithTheOriginalSuppressed() {
        CompletableFuture<String> result = op.withFallback(context -> {
            throw new IllegalStateException("fallback broke");
        }).callAsync(() -> CompletableFuture.failedFuture(new PermanentAIException("400")));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, result::get);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class);
        assertThat(failure.getCause().getSuppressed()).singleElement().isInstanceOf(PermanentAIException.class);
    }

    @Test
    void aSupplierThatThrowsInsteadOfReturningAFailedStageIsRetriedToo() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        CompletableFuture<String> result = op.callAsync(() -> {
            if (invocations.incrementAndGet() == 1) {
                throw new TransientAIException("thrown synchronously");
            }
            return CompletableFuture.completedFuture("ok");
        });
        clock.advance(Duration.ofSeconds(1));
        assertThat(result.get()).isEqualTo("ok");
    }
}
