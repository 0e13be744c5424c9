package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code close()} ends what is still pending instead of dropping it (issue 10, item 7): asynchronous calls waiting
 * to retry fail and are counted; a blocking caller whose timed attempt is stopped keeps a clear interrupt flag.
 */
class CloseTest {

    private static final ResilienceConfig LONG_BACKOFF = Orchestrators.config(3, 5).toBuilder()
            .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(600)).exponentialMin(Duration.ofSeconds(30)).exponentialMax(Duration.ofSeconds(60))
                    .jitter(false).build())
            .build();

    @Test
    void asyncCallsWaitingOnAnInjectedSchedulerFailWhenTheOrchestratorCloses() {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        CompletableFuture<String> waiting = resilience.<String>withResilience("op", null, LONG_BACKOFF, null)
                .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("503")));
        assertThat(waiting).isNotDone();

        resilience.close();

        assertThat(waiting).isCompletedExceptionally();
        assertThatThrownBy(waiting::join).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(resilience.getMetrics("op").totalCalls()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
    }

    @Test
    void asyncCallsWaitingOnTheBuiltInSchedulerFailWhenTheOrchestratorCloses() throws Exception {
        AIServiceResilience resilience = AIServiceResilience.builder().random(new Random(1)).build();
        CompletableFuture<String> waiting = resilience.<String>withResilience("op", null, LONG_BACKOFF, null)
                .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("503")));

        resilience.close();

        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
    }

    @Test
    void closingDuringATimedAttemptLeavesTheCallersInterruptFlagClear() throws Exception {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        ResilienceConfig timed = Orchestrators.config(3, 5).toBuilder().attemptTimeout(Duration.ofSeconds(30)).build();
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> flagAfterCall = caller.submit(() -> {
                try {
                    resilience.<String>withResilience("op", null, timed, null).call(() -> {
                        started.countDown();
                        new CountDownLatch(1).await(); // a provider that never answers
                        return "never";
                    });
                } catch (CallInterruptedException expected) {
                    // the attempt was stopped by close()
                }
                return Thread.currentThread().isInterrupted();
            });
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            resilience.close();

            assertThat(flagAfterCall.get(10, TimeUnit.SECONDS)).as("caller's interrupt flag").isFalse();
            assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
        } finally {
            caller.shutdownNow();
        }
    }
}
