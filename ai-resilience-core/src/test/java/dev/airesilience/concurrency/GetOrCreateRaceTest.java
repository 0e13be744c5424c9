package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;

class GetOrCreateRaceTest {

    @RepeatedTest(20)
    void racingCallersGetExactlyOneBreakerAndOneMetricsRecord() throws Exception {
        AIServiceResilience resilience = Orchestrators.virtual(new ManualClock());
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        Set<CircuitBreaker> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                seen.add(resilience.getOrCreateCircuitBreaker("same", Orchestrators.config(1, 5).circuitBreaker()));
                resilience.<String>withResilience("same", null, Orchestrators.config(1, 5), null).call(() -> "ok");
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(seen).hasSize(1);
        assertThat(resilience.operations()).containsExactly("same");
        assertThat(resilience.getMetrics("same").totalCalls()).isEqualTo(threads);
    }
}
