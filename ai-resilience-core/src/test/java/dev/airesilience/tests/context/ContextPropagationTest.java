package dev.airesilience.tests.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.context.*;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.ElsewhereScheduler;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.VirtualThreads;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;

/**
 * The caller's MDC reaches the threads that run its work: timed attempts (on a worker), asynchronous retries and
 * fallbacks (on the scheduler's thread), and those threads get their own MDC back afterwards.
 */
class ContextPropagationTest {

    private final ManualClock clock = new ManualClock();
    /** Backoffs (1 s, 2 s) run at once on the scheduler's thread; attempt deadlines (30 s) never fire. */
    private final ElsewhereScheduler scheduler = new ElsewhereScheduler(clock, Duration.ofSeconds(20),
            () -> MDC.put("request", "the scheduler's own"));
    private final ResilienceConfig timed = Orchestrators.config(3, 100).toBuilder()
            .attemptTimeout(Duration.ofSeconds(30)).build();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    record Seen(String where, Thread thread, String request) {
        static Seen now(String where) {
            return new Seen(where, Thread.currentThread(), MDC.get("request"));
        }
    }

    @AfterEach
    void tearDown() {
        MDC.clear();
        scheduler.close();
    }

    private AIServiceResilience.Builder orchestrator() {
        return AIServiceResilience.builder().timeSource(clock).sleeper(clock).scheduler(scheduler).random(new Random(42));
    }

    private ResilienceDecorator<String> failingThriceThenFallback(AIServiceResilience resilience) {
        return resilience.<String>withResilience("op", null, timed, null).withFallback(context -> {
            seen.add(Seen.now("fallback"));
            return "fallback";
        });
    }

    private String failingAttempt() {
        seen.add(Seen.now("attempt"));
        throw new TransientAIException("503");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void everyAttemptAndTheFallbackSeeTheCallersMdcOnWhateverThreadRunsThem(CallPath path) throws Exception {
        MDC.put("request", "r-1");
        Thread caller = Thread.currentThread();
        try (AIServiceResilience resilience = orchestrator().build()) {
            String answer = path.run(failingThriceThenFallback(resilience), this::failingAttempt);

            assertThat(answer).isEqualTo("fallback");
        }

        assertThat(seen).extracting(Seen::where).containsExactly("attempt", "attempt", "attempt", "fallback");
        assertThat(seen).extracting(Seen::request).containsOnly("r-1");
        if (path == CallPath.BLOCKING) {
            // Timed attempts run on a worker; the fallback on the caller's thread.
            assertThat(seen.subList(0, 3)).allSatisfy(s -> assertThat(s.thread()).isNotSameAs(caller));
        } else {
            // The first attempt starts on the caller's thread; the retries and the fallback on the scheduler's.
            assertThat(seen.subList(1, 4)).allSatisfy(s -> assertThat(s.thread().getName()).isEqualTo("elsewhere-scheduler"));
        }
        // The scheduler's thread has its own MDC back.
        AtomicReference<String> after = new AtomicReference<>();
        scheduler.onItsThread(thread -> after.set(MDC.get("request")));
        assertThat(after).hasValue("the scheduler's own");
        assertThat(MDC.get("request")).isEqualTo("r-1");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void withoutMdcPropagationTheOtherThreadsKeepTheirOwn(CallPath path) {
        MDC.put("request", "r-1");
        try (AIServiceResilience resilience = orchestrator().propagateMdc(false).build()) {
            path.run(failingThriceThenFallback(resilience), this::failingAttempt);
        }

        if (path == CallPath.BLOCKING) {
            assertThat(seen.subList(0, 3)).extracting(Seen::request).containsOnlyNulls(); // a fresh worker has none
        } else {
            assertThat(seen.subList(1, 4)).extracting(Seen::request).containsOnly("the scheduler's own");
        }
    }

    @Test
    void withTheBuiltInSchedulerAnAsyncRetryOnItsWorkerSeesTheCallersMdc() throws Exception {
        // The built-in scheduler hands due steps to its own workers: real threads, a 100 ms real backoff.
        ResilienceConfig shortBackoff = Orchestrators.config(2, 100).toBuilder()
                .retry(dev.airesilience.config.RetryConfig.builder().maxAttempts(2).maxDelay(Duration.ofSeconds(30))
                        .exponentialMultiplier(Duration.ofMillis(100)).exponentialMin(Duration.ofMillis(100)).exponentialMax(Duration.ofSeconds(1)).jitter(false).build())
                .build();
        MDC.put("request", "r-real");
        try (AIServiceResilience resilience = AIServiceResilience.builder().random(new Random(1)).build()) {
            String answer = resilience.<String>withResilience("op", null, shortBackoff, null).callAsync(() -> {
                seen.add(Seen.now("attempt"));
                return seen.size() == 1
                        ? java.util.concurrent.CompletableFuture.failedFuture(new TransientAIException("503"))
                        : java.util.concurrent.CompletableFuture.completedFuture("ok");
            }).get(10, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo("ok");
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).thread()).isNotSameAs(Thread.currentThread());
        assertThat(seen).extracting(Seen::request).containsOnly("r-real");
    }

    @Test
    void aBlockingCallWithoutAttemptTimeoutRunsOnTheCallersThread() {
        MDC.put("request", "r-1");
        Thread caller = Thread.currentThread();
        try (AIServiceResilience resilience = orchestrator().build()) {
            String answer = resilience.<String>withResilience("op", null, Orchestrators.config(3, 100), null).call(() -> {
                seen.add(Seen.now("attempt"));
                return "ok";
            });
            assertThat(answer).isEqualTo("ok");
        }
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.thread()).isSameAs(caller);
            assertThat(s.request()).isEqualTo("r-1");
        });
    }

    @Test
    void aVirtualThreadCallersTimedAttemptRunsOnAVirtualThread() throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21+");
        ExecutorService virtualCallers = VirtualThreads.newPerTaskExecutor();
        try (AIServiceResilience resilience = orchestrator().build()) {
            String answer = virtualCallers.submit(() -> {
                MDC.put("request", "r-virtual");
                seen.add(Seen.now("caller"));
                return resilience.<String>withResilience("op", null, timed, null).call(() -> {
                    seen.add(Seen.now("attempt"));
                    return "ok";
                });
            }).get(10, TimeUnit.SECONDS);
            assertThat(answer).isEqualTo("ok");
        } finally {
            virtualCallers.shutdown();
        }

        assertThat(seen).hasSize(2);
        Seen callerSeen = seen.get(0);
        Seen attempt = seen.get(1);
        assertThat(isVirtual(callerSeen.thread())).isTrue();
        assertThat(attempt.thread()).isNotSameAs(callerSeen.thread()); // a worker, so the caller can stop waiting
        assertThat(isVirtual(attempt.thread())).as("the timed attempt's thread %s is virtual", attempt.thread()).isTrue();
        assertThat(attempt.request()).isEqualTo("r-virtual");
    }

    private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
