package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.VirtualThreads;
import dev.airesilience.time.ManualClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The threads the orchestrator uses for its own work (issue 10, items 13 and 14): timed attempts of virtual-thread
 * callers do not cost a platform thread each, and a blocking fallback does not hold up other calls' retries.
 */
class WorkerThreadsTest {

    @Test
    void timedAttemptsOfVirtualThreadCallersDoNotCostAPlatformThreadEach() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        int callers = 2_000;
        ManualClock clock = new ManualClock(); // the attempt deadline never fires: the test releases the attempts
        ResilienceConfig timed = Orchestrators.config(1, 100).toBuilder().attemptTimeout(Duration.ofSeconds(30)).build();
        CountDownLatch allInside = new CountDownLatch(callers);
        CountDownLatch release = new CountDownLatch(1);
        int platformBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ExecutorService virtualCallers = VirtualThreads.newPerTaskExecutor();
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(virtualCallers.submit(() -> resilience.<String>withResilience("op", null, timed, null).call(() -> {
                    allInside.countDown();
                    release.await();
                    return "ok";
                })));
            }
            assertThat(allInside.await(30, TimeUnit.SECONDS)).isTrue();
            int platformDuring = ManagementFactory.getThreadMXBean().getThreadCount();
            release.countDown();
            for (Future<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("ok");
            }
            virtualCallers.shutdown();

            assertThat(platformDuring - platformBefore).as("platform threads added for %d timed attempts", callers)
                    .isLessThan(50);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aBlockingFallbackDoesNotDelayAnotherCallsRetry() throws Exception {
        ResilienceConfig shortBackoff = Orchestrators.config(2, 100).toBuilder()
                .retry(RetryConfig.builder().maxAttempts(2).maxDelay(Duration.ofSeconds(30)).exponentialMultiplier(Duration.ofMillis(100))
                        .exponentialMin(Duration.ofMillis(100)).exponentialMax(Duration.ofSeconds(1)).jitter(false).build())
                .build();
        CountDownLatch retryDone = new CountDownLatch(1);
        // More blocked fallbacks than the common pool has threads: a shared pool would have none left for the retry.
        int blockers = ForkJoinPool.commonPool().getParallelism() + 1;
        try (AIServiceResilience resilience = AIServiceResilience.builder().random(new Random(2)).build()) {
            List<CompletableFuture<String>> blocked = new ArrayList<>();
            for (int i = 0; i < blockers; i++) {
                blocked.add(resilience.<String>withResilience("slow-fallback", null, shortBackoff, null)
                        .withFallback(context -> {
                            try {
                                return retryDone.await(20, TimeUnit.SECONDS) ? "fallback" : "timed out";
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return "interrupted";
                            }
                        })
                        .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("503"))));
            }
            AtomicInteger attempts = new AtomicInteger();
            CompletableFuture<String> unrelated = resilience.<String>withResilience("unrelated", null, shortBackoff, null)
                    .callAsync(() -> attempts.incrementAndGet() == 1
                            ? CompletableFuture.failedFuture(new TransientAIException("503"))
                            : CompletableFuture.completedFuture("ok"));
            // Let the blocked fallbacks start first.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (resilience.getMetrics("slow-fallback").retryAttempts() < blockers && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }

            String answer = unrelated.get(10, TimeUnit.SECONDS);
            retryDone.countDown();

            assertThat(answer).isEqualTo("ok");
            for (CompletableFuture<String> fallback : blocked) {
                assertThat(fallback.get(10, TimeUnit.SECONDS)).isEqualTo("fallback");
            }
        } finally {
            retryDone.countDown();
        }
    }
}
