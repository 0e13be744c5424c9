package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ParkingSleeper;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Leaving a rate-limit cooldown (issue 10, items 10-12): a manual reset ends it even without a breaker; callers are
 * released over a spread, not in one instant; a blocking caller re-checks a cooldown extended while it waited.
 */
class CooldownReleaseTest {

    private final ManualClock clock = new ManualClock();
    private final ParkingSleeper sleeper = new ParkingSleeper(clock);
    private final AIServiceResilience resilience = AIServiceResilience.builder().timeSource(clock).sleeper(sleeper)
            .scheduler(clock).random(new Random(11)).build();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        callers.shutdownNow();
        resilience.close();
    }

    private static ResilienceConfig config(boolean jitter) {
        return Orchestrators.config(3, 5).toBuilder()
                .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(60)).exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(10))
                        .jitter(jitter).jitterMax(Duration.ofSeconds(2)).build())
                .build();
    }

    /** One call that ends in a 429 with this Retry-After, starting the operation's cooldown. */
    private void rateLimited(ResilienceConfig config, Duration retryAfter) {
        ResilienceConfig once = config.toBuilder().retry(config.retry().toBuilder().maxAttempts(1).build()).build();
        resilience.<String>withResilience("op", null, once, null).withFallback(context -> "limited")
                .callAsync(() -> CompletableFuture.failedFuture(new RateLimitException("429", retryAfter)));
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aManualResetEndsTheCooldownOfAnOperationWithoutBreaker(CallPath path) throws Exception {
        ResilienceConfig noBreaker = config(false).toBuilder().enableCircuitBreaker(false).build();
        rateLimited(noBreaker, Duration.ofSeconds(50));
        long before = clock.nanoTime();

        assertThat(resilience.resetCircuitBreaker("op")).isTrue();

        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenReturn("ok");
        Future<String> answer = callers.submit(() -> path.run(resilience.<String>withResilience("op", null, noBreaker, null), provider));
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(clock.nanoTime()).as("no wait for the cleared cooldown").isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void callersReleasedFromACooldownAreSpreadOut(CallPath path) throws Exception {
        ResilienceConfig config = config(true);
        rateLimited(config, Duration.ofSeconds(10));
        ConcurrentLinkedQueue<Long> requestTimes = new ConcurrentLinkedQueue<>();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            if (path == CallPath.BLOCKING) {
                answers.add(callers.submit(() -> resilience.<String>withResilience("op", null, config, null).call(() -> {
                    requestTimes.add(clock.nanoTime());
                    return "ok";
                })));
            } else {
                answers.add(resilience.<String>withResilience("op", null, config, null).callAsync(() -> {
                    requestTimes.add(clock.nanoTime());
                    return CompletableFuture.completedFuture("ok");
                }));
            }
        }
        if (path == CallPath.BLOCKING) {
            sleeper.awaitParked(200);
        }

        for (int step = 0; step < 1500; step++) {
            clock.advance(Duration.ofMillis(10));
            if (path == CallPath.BLOCKING) {
                sleeper.awaitSettled(200, () -> (int) answers.stream().filter(Future::isDone).count());
            }
        }
        for (Future<String> answer : answers) {
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        }

        Set<Long> distinctInstants = new HashSet<>(requestTimes);
        long first = requestTimes.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = requestTimes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(first).as("nobody goes before the cooldown ends").isGreaterThanOrEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(distinctInstants).as("release instants (10 ms resolution)").hasSizeGreaterThan(100);
        assertThat(Duration.ofNanos(last - first)).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void aBlockingCallerWaitsForACooldownExtendedWhileItWaited() throws Exception {
        ResilienceConfig config = config(false);
        CompletableFuture<String> inFlight = new CompletableFuture<>();
        ResilienceConfig once = config.toBuilder().retry(config.retry().toBuilder().maxAttempts(1).build()).build();
        resilience.<String>withResilience("op", null, once, null).withFallback(context -> "limited").callAsync(() -> inFlight);
        rateLimited(config, Duration.ofSeconds(2));
        ConcurrentLinkedQueue<Long> requestTimes = new ConcurrentLinkedQueue<>();
        Future<String> waiter = callers.submit(() -> resilience.<String>withResilience("op", null, config, null).call(() -> {
            requestTimes.add(clock.nanoTime());
            return "ok";
        }));
        sleeper.awaitParked(1);

        clock.advance(Duration.ofSeconds(1));
        inFlight.completeExceptionally(new RateLimitException("429", Duration.ofSeconds(9))); // cooldown until 10 s
        for (int second = 1; second < 12 && !waiter.isDone(); second++) {
            clock.advance(Duration.ofSeconds(1));
            sleeper.awaitSettled(1, () -> waiter.isDone() ? 1 : 0);
        }

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(requestTimes).containsExactly(Duration.ofSeconds(10).toNanos());
    }
}
