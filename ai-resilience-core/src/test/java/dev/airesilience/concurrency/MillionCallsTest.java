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
import dev.airesilience.support.VirtualThreads;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * One million calls with a mix of success, transient and permanent failure over several operations: afterwards
 * {@code total == successful + failed} exactly per operation and in the summary, and every caller got either
 * its own result or its own fallback.
 */
class MillionCallsTest {

    private static final String[] OPERATIONS = {"summarize", "sentiment", "key_points", "questions", "qa"};

    @Test
    void exactUnder64PlatformThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            run(pool, 64, 15_625);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void exactUnder10000VirtualThreads() throws Exception {
        ExecutorService pool = VirtualThreads.newPerTaskExecutor();
        try {
            run(pool, 10_000, 100);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void run(ExecutorService pool, int tasks, int callsPerTask) throws Exception {
        AIServiceResilience resilience = Orchestrators.virtual(new ManualClock());
        ResilienceConfig config = Orchestrators.config(2, 100);
        AtomicLong wrong = new AtomicLong();
        AtomicLong results = new AtomicLong();
        AtomicLong fallbacks = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            int task = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < callsPerTask; i++) {
                    long id = (long) task * callsPerTask + i;
                    int kind = (int) (id % 10); // 0-6 success, 7-8 transient, 9 permanent
                    String answer = resilience.<String>withResilience(OPERATIONS[(int) (id % OPERATIONS.length)], null,
                            config, Fallback.fromCause(cause -> "fallback " + id)).call(() -> {
                                if (kind == 9) {
                                    throw new PermanentAIException("400");
                                }
                                if (kind >= 7) {
                                    throw new TransientAIException("503");
                                }
                                return "ok " + id;
                            });
                    // Its own result, or its own fallback: a success-kind call may meet an open circuit.
                    if (answer.equals("ok " + id) && kind < 7) {
                        results.incrementAndGet();
                    } else if (answer.equals("fallback " + id)) {
                        fallbacks.incrementAndGet();
                    } else {
                        wrong.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(5, TimeUnit.MINUTES);
        }
        long calls = (long) tasks * callsPerTask;
        assertThat(wrong).hasValue(0);
        AllMetrics all = resilience.getAllMetrics();
        long total = 0;
        for (String operation : OPERATIONS) {
            ResilienceMetrics metrics = all.operations().get(operation);
            assertThat(metrics.totalCalls()).isEqualTo(calls / OPERATIONS.length);
            assertThat(metrics.fallbackCalls()).isEqualTo(metrics.failedCalls() + metrics.rejectedCalls());
            total += metrics.totalCalls();
        }
        assertThat(total).isEqualTo(calls).isEqualTo(1_000_000);
        assertThat(all.summary().totalCalls()).isEqualTo(calls);
        // The counters agree exactly with what the callers saw.
        assertThat(all.summary().successfulCalls()).isEqualTo(results.get()).isLessThanOrEqualTo(700_000);
        long rejected = all.operations().values().stream().mapToLong(ResilienceMetrics::rejectedCalls).sum();
        assertThat(all.summary().failedCalls() + rejected).isEqualTo(fallbacks.get()).isGreaterThanOrEqualTo(300_000);
        assertThat(all.operations().values().stream().mapToLong(ResilienceMetrics::fallbackCalls).sum())
                .isEqualTo(fallbacks.get());
    }
}
