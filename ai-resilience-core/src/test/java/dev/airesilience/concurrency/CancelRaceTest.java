package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
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

    private static final int CALLS = 30_000;

    @Test
    void everyCancelledCallIsCountedOnce() throws Exception {
        ExecutorService steps = Executors.newFixedThreadPool(2);
        ExecutorService provider = Executors.newFixedThreadPool(2);
        // Delays are ignored: every retry step and every attempt deadline runs at once on another thread, racing
        // the provider's answer and the caller's cancel.
        Scheduler racing = (task, delay) -> steps.submit(task);
        ManualClock clock = new ManualClock();
        // Reading the time pauses a moment at random on the worker threads: it widens the windows in which a
        // step and a cancel can interleave, as a loaded machine does.
        TimeSource jittery = new TimeSource() {
            @Override
            public long nanoTime() {
                if (!Thread.currentThread().getName().startsWith("main")) {
                    long until = System.nanoTime() + java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
                return clock.nanoTime();
            }

            @Override
            public java.time.Instant now() {
                return clock.now();
            }
        };
        try (AIServiceResilience resilience = AIServiceResilience.builder().timeSource(jittery).sleeper(clock)
                .scheduler(racing).random(new Random(7)).build()) {
            // Two attempts: the first fails at once, so the second runs in a step on another thread, where it
            // succeeds, fails or times out while the caller cancels (a running step's future can still be cancelled).
            ResilienceDecorator<String> plain = resilience.withResilience("op", null, Orchestrators.config(2, 100), null);
            ResilienceDecorator<String> timed = resilience.withResilience("op", null, Orchestrators.config(2, 100)
                    .toBuilder().attemptTimeout(java.time.Duration.ofMillis(1)).build(), null);
            List<CompletableFuture<String>> futures = new ArrayList<>(CALLS);
            for (int i = 0; i < CALLS; i++) {
                int kind = i % 4;
                java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
                CompletableFuture<String> future = (kind == 3 ? timed : plain).callAsync(() -> {
                    if (attempts.incrementAndGet() == 1) {
                        return CompletableFuture.failedFuture(new TransientAIException("overloaded"));
                    }
                    switch (kind) {
                        case 0:
                            return CompletableFuture.completedFuture("ok");
                        case 1:
                            return CompletableFuture.failedFuture(new TransientAIException("overloaded"));
                        default:
                            return CompletableFuture.supplyAsync(() -> "ok", provider);
                    }
                });
                if (i % 2 == 0) {
                    future.cancel(true);
                } else {
                    provider.execute(() -> future.cancel(true));
                }
                futures.add(future);
            }
            provider.shutdown();
            assertThat(provider.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            steps.shutdown();
            assertThat(steps.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            ResilienceMetrics metrics = resilience.getMetrics("op");
            assertThat(metrics.totalCalls()).isEqualTo(CALLS);
            assertThat(futures).allMatch(CompletableFuture::isDone);
        } finally {
            provider.shutdownNow();
            steps.shutdownNow();
        }
    }
}
