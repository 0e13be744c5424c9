package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * While 16 threads call continuously, 1,000 runtime updates alternate between a 2-attempt and a 5-attempt
 * configuration. Every call observes one whole snapshot: it makes exactly 2 or exactly 5 attempts, never a mix,
 * and the run ends with no exception but the expected AI exceptions.
 */
class ConfigSwapUnderLoadTest {

    @Test
    void everyCallSeesOneWholeSnapshotWhile1000UpdatesApply() throws Exception {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = AIServiceResilience.builder().timeSource(clock).scheduler(clock)
                .sleeper(duration -> { }) // no waiting: budgets never run out, attempts reveal the snapshot
                .settings(ResilienceSettings.builder().customConfig(
                        "{\"enable_circuit_breaker\": false, \"jitter_enabled\": false, \"max_delay_seconds\": 600}").build())
                .build();
        String two = "{\"retry_attempts\": 2}";
        String five = "{\"retry_attempts\": 5}";
        resilience.updateConfiguration(two);
        ResilienceDecorator<String> chat = resilience.withOperationResilience("chat");

        AtomicBoolean running = new AtomicBoolean(true);
        Set<Integer> attemptCounts = ConcurrentHashMap.newKeySet();
        List<Throwable> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicLong calls = new AtomicLong();
        CountDownLatch started = new CountDownLatch(16);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            workers.add(pool.submit(() -> {
                started.countDown();
                while (running.get()) {
                    AtomicInteger attempts = new AtomicInteger();
                    try {
                        chat.call(() -> {
                            attempts.incrementAndGet();
                            throw new ServiceUnavailableException("busy");
                        });
                    } catch (ServiceUnavailableException expected) {
                        attemptCounts.add(attempts.get());
                    } catch (Throwable other) {
                        unexpected.add(other);
                    }
                    calls.incrementAndGet();
                }
            }));
        }
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 1_000; i++) {
                resilience.updateConfiguration(i % 2 == 0 ? five : two);
            }
        } finally {
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            pool.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        assertThat(attemptCounts).as("attempt counts seen by %d calls", calls.get()).isSubsetOf(2, 5);
        assertThat(resilience.getMetrics("chat").totalCalls()).isEqualTo(calls.get());
    }
}
