package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Cancelling asynchronous calls while their next step runs on another thread: each call is counted exactly once
 * (issue 10, item 5: 300,000 cancels used to count up to 305,249 calls).
 */
class CancelRaceTest {

    private static final int CALLS = 100_000;

    @Test
    void everyCancelledCallIsCountedOnce() throws Exception {
        ExecutorService steps = Executors.newFixedThreadPool(2);
        // Delays are ignored: every retry step runs at once on another thread, racing the caller's cancel.
        Scheduler racing = (task, delay) -> steps.submit(task);
        ManualClock clock = new ManualClock();
        try (AIServiceResilience resilience = AIServiceResilience.builder().timeSource(clock).sleeper(clock)
                .scheduler(racing).random(new Random(7)).build()) {
            ResilienceDecorator<String> decorator = resilience.withResilience("op", null, Orchestrators.config(20, 100), null);
            List<CompletableFuture<String>> futures = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                CompletableFuture<String> future = decorator.callAsync(
                        () -> CompletableFuture.failedFuture(new TransientAIException("overloaded")));
                future.cancel(true);
                futures.add(future);
            }
            steps.shutdown();
            assertThat(steps.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            ResilienceMetrics metrics = resilience.getMetrics("op");
            assertThat(metrics.totalCalls()).isEqualTo(CALLS);
            assertThat(futures).allMatch(CompletableFuture::isDone);
        } finally {
            steps.shutdownNow();
        }
    }
}
