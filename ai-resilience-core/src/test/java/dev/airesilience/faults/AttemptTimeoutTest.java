package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A provider call that hangs forever is cut off at its timeout, counted as transient, and retried. */
class AttemptTimeoutTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);
    private final ResilienceConfig config = Orchestrators.config(3, 50).toBuilder()
            .attemptTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aHangingBlockingAttemptIsCutOffTheNextOneRunsAndNoThreadStaysBlocked() throws Exception {
        CountDownLatch hanging = new CountDownLatch(1);
        CountDownLatch hungAttemptInterrupted = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<String> result = new AtomicReference<>();
        Thread caller = new Thread(() -> result.set(resilience.<String>withResilience("op", null, config, null).call(() -> {
            if (attempts.incrementAndGet() == 1) {
                hanging.countDown();
                try {
                    new CountDownLatch(1).await(); // hangs forever
                } catch (InterruptedException e) {
                    hungAttemptInterrupted.countDown();
                    throw e;
                }
            }
            return "answer";
        })));
        caller.start();
        hanging.await();
        clock.advance(Duration.ofSeconds(5)); // the deadline fires in virtual time
        caller.join();

        assertThat(result.get()).isEqualTo("answer");
        assertThat(attempts).hasValue(2);
        // The worker handles its interrupt on its own thread, possibly after the caller has moved on.
        assertThat(hungAttemptInterrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(resilience.getMetrics("op").retryAttempts()).isEqualTo(1);

        resilience.close();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("ai-resilience-attempt-")) {
                thread.join(10_000);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("ai-resilience-attempt-") && t.isAlive());
    }

    @Test
    void aHangingAsyncAttemptIsCutOffAndRetriedWithoutBlockingAThread() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<String> hung = new CompletableFuture<>();
        CompletableFuture<String> result = resilience.<String>withResilience("op", null, config, null).callAsync(() ->
                attempts.incrementAndGet() == 1 ? hung : CompletableFuture.completedFuture("answer"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(hung).isCancelled();
        clock.advance(Duration.ofSeconds(1)); // backoff before the second attempt
        assertThat(result.get()).isEqualTo("answer");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void theTimeoutNeverOutlastsTheRemainingBudget() {
        ResilienceConfig tight = config.toBuilder()
                .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(10)).jitter(false).build())
                .attemptTimeout(Duration.ofMinutes(10)).build();
        CompletableFuture<String> result = resilience.<String>withResilience("op", null, tight, null)
                .callAsync(CompletableFuture::new); // never completes
        clock.advance(Duration.ofSeconds(10));
        assertThat(result).isCompletedExceptionally();
        assertThatThrownBy(result::join).hasCauseInstanceOf(AttemptTimeoutException.class)
                .hasMessageContaining("timed out after 10000 ms");
        assertThat(resilience.getMetrics("op").attempts()).isEqualTo(1);
    }

    @Test
    void isConfigurableAsJsonAndValidated() {
        AIServiceResilience configured = AIServiceResilience.builder().clock(clock)
                .settings(dev.airesilience.settings.ResilienceSettings.builder().preset("simple").build()).build();
        assertThat(configured.getOperationConfig("summarize").attemptTimeout()).isNull();
        configured.updateConfiguration("{\"attempt_timeout_seconds\": 2.5}");
        assertThat(configured.getOperationConfig("summarize").attemptTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(configured.getOperationConfig("anything").attemptTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> configured.updateConfiguration("{\"attempt_timeout_seconds\": 3601}"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("attempt_timeout_seconds");
        assertThat(configured.getOperationConfig("summarize").attemptTimeout()).isEqualTo(Duration.ofMillis(2500));
        configured.updateConfiguration("{\"attempt_timeout_seconds\": 0}");
        assertThat(configured.getOperationConfig("summarize").attemptTimeout()).isNull();
    }

    @Test
    void rejectsAnAttemptTimeoutOutsideItsRange() {
        assertThatThrownBy(() -> ResilienceConfig.builder().attemptTimeout(Duration.ofHours(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attemptTimeout must be between 0s and 3600s");
    }
}
