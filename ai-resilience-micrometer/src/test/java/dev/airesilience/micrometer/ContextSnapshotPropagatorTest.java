package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Scheduler;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link ThreadLocalAccessor} value (what Spring Security's and tracing's accessors carry) set on the caller's
 * thread is visible in timed attempts on a worker, in asynchronous retries and in the fallback on the scheduler's
 * thread; those threads get their own value back afterwards.
 */
class ContextSnapshotPropagatorTest {

    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    private final ContextRegistry contextRegistry = new ContextRegistry()
            .registerThreadLocalAccessor("tenant", TENANT::get, TENANT::set, TENANT::remove);
    private final ManualClock clock = new ManualClock();
    private final ExecutorService schedulerThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "elsewhere"));
    /** Backoffs run at once on another thread, in virtual time; attempt deadlines (30 s) never come due. */
    private final Scheduler elsewhere = (task, delay) -> delay.compareTo(Duration.ofSeconds(20)) >= 0
            ? new CompletableFuture<Void>()
            : schedulerThread.submit(() -> {
                clock.advance(delay);
                task.run();
            });
    private final ResilienceConfig timed = ResilienceConfig.builder().strategy(ResilienceStrategy.BALANCED)
            .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(60)).exponentialMultiplier(Duration.ofSeconds(1))
                    .exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(10)).jitter(false).build())
            .attemptTimeout(Duration.ofSeconds(30))
            .build();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        TENANT.remove();
        schedulerThread.shutdownNow();
    }

    private AIServiceResilience orchestrator(boolean propagate) {
        AIServiceResilience.Builder builder = AIServiceResilience.builder().timeSource(clock).sleeper(clock)
                .scheduler(elsewhere).random(new Random(1));
        if (propagate) {
            builder.contextPropagator(ContextSnapshotPropagator.using(
                    ContextSnapshotFactory.builder().contextRegistry(contextRegistry).build()));
        }
        return builder.build();
    }

    private ResilienceDecorator<String> decorator(AIServiceResilience resilience) {
        return resilience.<String>withResilience("op", null, timed, null).withFallback(context -> {
            seen.add("fallback on " + Thread.currentThread().getName() + ": " + TENANT.get());
            return "fallback";
        });
    }

    private String failingAttempt() {
        seen.add("attempt on " + Thread.currentThread().getName() + ": " + TENANT.get());
        throw new TransientAIException("503");
    }

    @Test
    void timedBlockingAttemptsOnAWorkerSeeTheCallersValue() {
        TENANT.set("acme");
        try (AIServiceResilience resilience = orchestrator(true)) {
            assertThat(decorator(resilience).call(this::failingAttempt)).isEqualTo("fallback");
        }
        assertThat(seen).hasSize(4);
        assertThat(seen.subList(0, 3)).allSatisfy(s -> assertThat(s).startsWith("attempt on ai-resilience-attempt")
                .endsWith(": acme"));
        assertThat(seen.get(3)).endsWith(": acme");
    }

    @Test
    void asyncRetriesAndTheFallbackOnTheSchedulersThreadSeeTheCallersValueAndItGetsItsOwnBack() throws Exception {
        schedulerThread.submit(() -> TENANT.set("the scheduler's own")).get();
        TENANT.set("acme");
        try (AIServiceResilience resilience = orchestrator(true)) {
            String answer = decorator(resilience).callAsync(() -> {
                try {
                    return CompletableFuture.completedFuture(failingAttempt());
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo("fallback");
        }

        assertThat(seen).containsExactly("attempt on " + Thread.currentThread().getName() + ": acme", "attempt on elsewhere: acme",
                "attempt on elsewhere: acme", "fallback on elsewhere: acme");
        Future<String> after = schedulerThread.submit(TENANT::get);
        assertThat(after.get()).isEqualTo("the scheduler's own");
    }

    @Test
    void withoutThePropagatorTheWorkerDoesNotSeeIt() {
        TENANT.set("acme");
        try (AIServiceResilience resilience = orchestrator(false)) {
            decorator(resilience).call(this::failingAttempt);
        }
        assertThat(seen.subList(0, 3)).allSatisfy(s -> assertThat(s).endsWith(": null"));
    }
}
