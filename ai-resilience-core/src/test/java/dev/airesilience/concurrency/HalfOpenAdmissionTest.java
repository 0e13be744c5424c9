package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under 32 threads released at once, a half-open breaker admits exactly halfOpenMaxCalls trial calls, in
 * each of 1,000 rounds (500 for the larger limits).
 */
class HalfOpenAdmissionTest {

    private static final int THREADS = 32;

    @ParameterizedTest(name = "halfOpenMaxCalls = {0}, {1} rounds")
    @CsvSource({"1, 1000", "3, 500", "10, 500"})
    void admitsExactlyHalfOpenMaxCallsTrialCalls(int halfOpenMaxCalls, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < rounds; round++) {
                assertThat(oneRound(pool, halfOpenMaxCalls)).isEqualTo(halfOpenMaxCalls);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int oneRound(ExecutorService pool, int halfOpenMaxCalls) throws Exception {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        ResilienceConfig config = Orchestrators.config(1, 1).toBuilder()
                .circuitBreaker(new CircuitBreakerConfig(1, Duration.ofSeconds(30), halfOpenMaxCalls)).build();
        ResilienceDecorator<String> op = resilience.withResilience("op", null, config, null);
        try {
            op.call(() -> {
                throw new ServiceUnavailableException("trip");
            });
        } catch (ServiceUnavailableException expected) {
            // the circuit is now open
        }
        clock.advance(Duration.ofSeconds(31));

        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(THREADS);
        CountDownLatch release = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                try {
                    op.call(() -> {
                        admitted.incrementAndGet();
                        // Hold the trial slot until every thread has tried, so none can be admitted late.
                        release.await(10, TimeUnit.SECONDS);
                        return "trial";
                    });
                } catch (CircuitOpenException e) {
                    rejected.incrementAndGet();
                    if (rejected.get() == THREADS - halfOpenMaxCalls) {
                        release.countDown();
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get(30, TimeUnit.SECONDS);
        }
        assertThat(admitted.get() + rejected.get()).isEqualTo(THREADS);
        return admitted.get();
    }
}
