package dev.airesilience.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.shared.SharedState;
import dev.airesilience.time.ManualClock;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A route target's tokens-per-minute quota shared by three instances through a real {@code redis-server}: together
 * they stay within the one quota, so a provider that enforces it never answers 429, where instances that each keep
 * their own bucket send three times the quota. Redis killed or frozen fails no call and delays one by at most the
 * command timeout. Virtual time: every instance and the provider's quota run on one {@link ManualClock}, which the
 * waits for the quota advance.
 */
class SharedQuotaTest {

    private static final long QUOTA = 600; // tokens per minute
    private static final long TOKENS = 100; // each request's estimate and usage
    private static RedisServer redis;

    private final String prefix = "quota-" + UUID.randomUUID() + ":";
    private final ManualClock clock = ManualClock.autoAdvancing();
    private final List<AutoCloseable> closing = new ArrayList<>();
    /** The provider's own quota, on the same clock: what a request beyond it meets is a 429. */
    private final Bucket providerQuota = Bucket.builder()
            .addLimit(limit -> limit.capacity(QUOTA).refillGreedy(QUOTA, Duration.ofMinutes(1)))
            .withCustomTimePrecision(new TimeMeter() {
                @Override
                public long currentTimeNanos() {
                    return clock.nanoTime();
                }

                @Override
                public boolean isWallClockBased() {
                    return false;
                }
            })
            .build();
    private final AtomicInteger served = new AtomicInteger();
    /** The last call that failed, for the message of an assertion that expected none. */
    private volatile RuntimeException lastFailure;
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final RoutingConfig routing = RoutingConfig.builder()
            .target("primary", QuotaConfig.tokensPerMinute(QUOTA)).build();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeInstances() throws Exception {
        for (AutoCloseable instance : closing) {
            instance.close();
        }
    }

    private RedisSharedState redisState(Duration commandTimeout) {
        return RedisSharedState.builder(redis.url()).keyPrefix(prefix).clock(clock::now)
                .commandTimeout(commandTimeout).reconnectInterval(Duration.ofMillis(50)).build();
    }

    private AIServiceResilience instance(SharedState shared) {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).sharedState(shared).build();
        closing.add(resilience);
        if (shared.isShared()) {
            Await.until(shared::available, "the instance to reach Redis");
        }
        return resilience;
    }

    /** One request of {@code TOKENS} through {@code resilience}'s route, blocking or async; false when it failed. */
    private boolean request(AIServiceResilience resilience, boolean async) {
        ResilienceConfig config = ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(1).maxDelay(Duration.ofSeconds(60)).jitter(false).build())
                .build();
        try {
            if (async) {
                resilience.operation("chat").config(config).route(routing).estimatedTokens(TOKENS)
                        .<String>callAsync(target -> CompletableFuture.supplyAsync(this::provider, Runnable::run)).join();
            } else {
                resilience.operation("chat").config(config).route(routing).estimatedTokens(TOKENS)
                        .call(target -> provider());
            }
            return true;
        } catch (RuntimeException e) { // the blocking call's failure, or the async call's CompletionException
            lastFailure = e;
            return false;
        }
    }

    private String provider() {
        if (!providerQuota.tryConsume(TOKENS)) {
            rateLimited.incrementAndGet();
            throw new RateLimitException("HTTP 429: tokens per minute exceeded", Duration.ofSeconds(1));
        }
        served.incrementAndGet();
        return "ok";
    }

    /** Three instances take turns sending 30 requests of 100 tokens, five times the quota's 600. */
    private List<Boolean> thirtyRequestsFrom(List<AIServiceResilience> instances, boolean async) {
        List<Boolean> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(request(instances.get(i % instances.size()), async));
        }
        return outcomes;
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void threeInstancesSharingTheQuotaNeverMeetA429(boolean async) {
        List<AIServiceResilience> instances = List.of(instance(redisState(Duration.ofSeconds(2))),
                instance(redisState(Duration.ofSeconds(2))), instance(redisState(Duration.ofSeconds(2))));

        List<Boolean> outcomes = thirtyRequestsFrom(instances, async);

        assertThat(outcomes).containsOnly(true);
        assertThat(rateLimited).hasValue(0);
        assertThat(served).hasValue(30);
        // 3,000 tokens at 600 a minute, the first 600 at once: the instances waited for each other's use.
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(4));
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void threeInstancesWithTheirOwnBucketsSendThreeTimesTheQuota(boolean async) {
        List<AIServiceResilience> instances = List.of(instance(SharedState.none()), instance(SharedState.none()),
                instance(SharedState.none()));

        thirtyRequestsFrom(instances, async);

        // Deterministic in virtual time: the three buckets let 18 requests go at once where the quota has room for 6,
        // and after each 429 (Retry-After 1 s) the rest go into a quota refilling 10 tokens a second.
        assertThat(rateLimited).hasValue(20);
        assertThat(served).as("of 30").hasValue(10);
    }

    @Test
    void redisKilledFailsNoCallAndTheInstancesShareTheQuotaAgainWhenItReturnsEmpty() throws Exception {
        RedisSharedState stateA = redisState(Duration.ofSeconds(2));
        RedisSharedState stateB = redisState(Duration.ofSeconds(2));
        AIServiceResilience a = instance(stateA);
        AIServiceResilience b = instance(stateB);
        assertThat(request(a, false)).isTrue();

        redis.stop();
        try {
            Await.until(() -> !stateA.available() && !stateB.available(), "both to notice");
            long failuresBefore = stateA.failures();
            for (int i = 0; i < 5; i++) {
                assertThat(request(a, false)).as("a call with a quota goes on with A's own bucket").isTrue();
            }
            assertThat(stateA.failures()).as("no command even tried: A knows Redis is away").isEqualTo(failuresBefore);
            assertThat(a.getHealthStatus().sharedState()).isEqualTo("unavailable");
        } finally {
            redis.startProcess();
        }
        Await.until(() -> stateA.available() && stateB.available(), "both to reconnect");

        // Redis came back empty: a fresh shared bucket of 600 (a provider that counted the requests sent meanwhile
        // would answer 429 to the excess; a minute later it has forgotten them too). A takes all of it; B must then
        // wait for the refill.
        clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 6; i++) {
            assertThat(request(a, false)).as("%s", lastFailure).isTrue();
        }
        Duration before = clock.elapsed();
        assertThat(request(b, false)).isTrue();
        assertThat(clock.elapsed().minus(before)).as("B waited for A's use of the shared quota")
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(rateLimited).hasValue(0);
    }

    @Test
    void aFrozenRedisDelaysOneCallByAtMostTheCommandTimeoutAndTheRestNotAtAll() throws Exception {
        RedisSharedState state = redisState(Duration.ofMillis(200));
        AIServiceResilience a = instance(state);
        assertThat(request(a, false)).isTrue();

        redis.pause();
        try {
            long start = System.nanoTime();
            assertThat(request(a, false)).as("the take times out and is decided locally").isTrue();
            Duration first = Duration.ofNanos(System.nanoTime() - start);
            assertThat(state.failures()).isPositive();
            assertThat(state.available()).isFalse();

            start = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                assertThat(request(a, false)).isTrue();
            }
            Duration rest = Duration.ofNanos(System.nanoTime() - start);
            // Generous bounds: a call that waited for the frozen Redis would take as long as it stays frozen.
            assertThat(first).isLessThan(Duration.ofSeconds(1));
            assertThat(rest).as("no further call waits for Redis").isLessThan(Duration.ofMillis(400));
        } finally {
            redis.resume();
        }
        Await.until(state::available, "a successful command to make the store available again");
    }
}
