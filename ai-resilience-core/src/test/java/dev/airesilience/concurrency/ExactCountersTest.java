package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** 100,000 concurrent calls over several operations: every counter is exact and every caller got its own answer. */
class ExactCountersTest {

    private static final int THREADS = 16;
    private static final int CALLS_PER_THREAD = 6_250; // 100,000 in all
    private static final String[] OPERATIONS = {"summarize", "sentiment", "key_points", "questions"};

    @Test
    void metricsStayExactAfter100000ConcurrentCalls() throws Exception {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        // Threshold 100: the mix below never produces 100 consecutive transient failures, so nothing is rejected.
        ResilienceConfig config = Orchestrators.config(2, 100);
        AtomicLong wrongAnswers = new AtomicLong();
        AtomicLong expectedSuccess = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < CALLS_PER_THREAD; i++) {
                    String operation = OPERATIONS[(thread + i) % OPERATIONS.length]; // rotated so each gets exactly 25,000
                    int kind = (thread * 31 + i) % 10; // 0-6 success, 7-8 transient (retried), 9 permanent
                    String token = thread + ":" + i;
                    String answer = resilience.<String>withResilience(operation, null, config,
                            Fallback.fromCause(cause -> "fallback " + token)).call(() -> {
                                if (kind == 9) {
                                    throw new PermanentAIException("400 " + token);
                                }
                                if (kind >= 7) {
                                    throw new TransientAIException("503 " + token);
                                }
                                return "ok " + token;
                            });
                    String expected = (kind < 7 ? "ok " : "fallback ") + token;
                    if (kind < 7) {
                        expectedSuccess.incrementAndGet();
                    }
                    if (!answer.equals(expected)) {
                        wrongAnswers.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(wrongAnswers).hasValue(0);
        AllMetrics all = resilience.getAllMetrics();
        long total = 0;
        long successful = 0;
        for (String operation : OPERATIONS) {
            ResilienceMetrics metrics = all.operations().get(operation);
            assertThat(metrics.totalCalls()).isEqualTo(metrics.successfulCalls() + metrics.failedCalls()).isEqualTo(25_000);
            assertThat(metrics.fallbackCalls()).isEqualTo(metrics.failedCalls());
            assertThat(metrics.rejectedCalls()).isZero();
            total += metrics.totalCalls();
            successful += metrics.successfulCalls();
        }
        assertThat(total).isEqualTo(100_000);
        assertThat(successful).isEqualTo(expectedSuccess.get());
        assertThat(all.summary().totalCalls()).isEqualTo(100_000);
        assertThat(all.summary().successfulCalls()).isEqualTo(expectedSuccess.get());
    }
}
