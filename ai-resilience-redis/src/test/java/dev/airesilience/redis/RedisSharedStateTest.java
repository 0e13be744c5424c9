package dev.airesilience.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.shared.SharedState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Instances sharing rate-limit cooldowns through a real {@code redis-server} on a loopback port: a 429 seen by one
 * holds the others without a provider call, an instance that starts later finds the cooldowns still running, and
 * Redis killed, frozen or restarted empty never fails or slows a call.
 */
class RedisSharedStateTest {

    private static RedisServer redis;

    private final String prefix = "test-" + UUID.randomUUID() + ":";
    private final List<AutoCloseable> closing = new ArrayList<>();

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

    /** One instance of the service: an orchestrator sharing its cooldowns through Redis, and what it heard. */
    private final class Instance {
        final RedisSharedState redisState;
        final AIServiceResilience resilience;
        final Map<String, Duration> heard = new ConcurrentHashMap<>();

        Instance() {
            this(redis.url());
        }

        Instance(String url) {
            redisState = RedisSharedState.builder(url).keyPrefix(prefix).reconnectInterval(Duration.ofMillis(50)).build();
            // Sees what Redis delivers before the engine applies it: how the test knows the message has arrived.
            SharedState observed = new SharedState() {
                @Override
                public void start(Sink sink) {
                    redisState.start(new Sink() {
                        @Override
                        public void cooldown(String operation, Duration remaining) {
                            heard.put(operation, remaining);
                            sink.cooldown(operation, remaining);
                        }

                        @Override
                        public void configuration(String document) {
                            sink.configuration(document);
                        }
                    });
                }

                @Override
                public void cooldownStarted(String operation, Duration remaining) {
                    redisState.cooldownStarted(operation, remaining);
                }

                @Override
                public void configurationUpdated(String document) {
                    redisState.configurationUpdated(document);
                }

                @Override
                public boolean available() {
                    return redisState.available();
                }

                @Override
                public void close() {
                    redisState.close();
                }
            };
            resilience = AIServiceResilience.builder().sharedState(observed).build();
            closing.add(resilience);
            Await.until(redisState::available, "the instance to reach Redis");
        }

        /** A 429 with {@code retryAfter} from the provider; one attempt, so the call ends at once. */
        void rateLimited(Duration retryAfter) {
            assertThatThrownBy(() -> resilience.operation("chat").config(config(1, Duration.ofSeconds(60))).call(() -> {
                throw new RateLimitException("HTTP 429", retryAfter);
            })).isInstanceOf(RateLimitException.class).hasMessage("HTTP 429");
        }

        /** Calls the provider (which answers at once) through the blocking or the async driver; when it ran. */
        List<Long> call(boolean async, Duration budget) {
            List<Long> providerCalledAt = new CopyOnWriteArrayList<>();
            if (async) {
                try {
                    resilience.operation("chat").config(config(3, budget)).callAsync(() -> {
                        providerCalledAt.add(System.nanoTime());
                        return CompletableFuture.completedFuture("ok");
                    }).join();
                } catch (CompletionException e) {
                    throw (RuntimeException) e.getCause();
                }
            } else {
                resilience.operation("chat").config(config(3, budget)).call(() -> providerCalledAt.add(System.nanoTime()));
            }
            return providerCalledAt;
        }
    }

    private static ResilienceConfig config(int attempts, Duration budget) {
        return ResilienceConfig.builder().strategy(ResilienceStrategy.BALANCED)
                .retry(RetryConfig.builder().maxAttempts(attempts).maxDelay(budget).jitter(false).build())
                .build();
    }


    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRateLimitSeenByOneInstanceRejectsTheOthersCallsWithoutAProviderCall(boolean async) {
        Instance a = new Instance();
        Instance b = new Instance();

        a.rateLimited(Duration.ofSeconds(30));
        Await.until(() -> b.heard.containsKey("chat"), "B to hear A's cooldown");

        List<Long> calledAt = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> calledAt.addAll(b.call(async, Duration.ofSeconds(5))))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((RateLimitException) e).retryAfter().orElseThrow())
                        .isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        assertThat(calledAt).as("no provider request from B").isEmpty();
        assertThat(b.heard.get("chat")).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aCallThatCanWaitCallsTheProviderOnlyOnceTheSharedCooldownHasEnded(boolean async) {
        Instance a = new Instance();
        Instance b = new Instance();

        long rateLimitedAt = System.nanoTime();
        a.rateLimited(Duration.ofMillis(400));
        Await.until(() -> b.heard.containsKey("chat"), "B to hear A's cooldown");

        assertThat(b.call(async, Duration.ofSeconds(10))).singleElement()
                .satisfies(at -> assertThat(at - rateLimitedAt).isGreaterThanOrEqualTo(Duration.ofMillis(400).toNanos()));
    }

    @Test
    void anInstanceThatStartsLaterFindsTheCooldownsStillRunning() {
        Instance a = new Instance();
        a.rateLimited(Duration.ofSeconds(30));
        Await.until(() -> {
            try {
                return Long.parseLong(redis.command("PTTL " + prefix + "cooldown:chat").substring(1)) > 0;
            } catch (Exception e) {
                return false;
            }
        }, "the cooldown key");

        Instance late = new Instance();
        Await.until(() -> late.heard.containsKey("chat"), "the late instance to read the cooldown");
        assertThat(late.heard.get("chat")).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30));
        assertThatThrownBy(() -> late.call(false, Duration.ofSeconds(5))).isInstanceOf(RateLimitException.class);
    }

    private static boolean exists(String key) {
        try {
            return redis.command("EXISTS " + key).equals(":1");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aShorterCooldownDoesNotShortenTheSharedOne() throws Exception {
        Instance a = new Instance();
        a.rateLimited(Duration.ofSeconds(30));
        // The script that sets the key also publishes: once the key is there, B (subscribing later) can only read it.
        Await.until(() -> exists(prefix + "cooldown:chat"), "A's cooldown in Redis");
        Instance b = new Instance();
        Await.until(() -> b.heard.containsKey("chat"), "B to read the cooldown");
        b.heard.clear();

        a.redisState.cooldownStarted("chat", Duration.ofSeconds(2)); // as if another caller met a shorter one
        // A's commands run in order on one connection, so a publication of the shorter one would reach B first.
        a.redisState.cooldownStarted("marker", Duration.ofSeconds(1));
        Await.until(() -> b.heard.containsKey("marker"), "B to hear the marker sent after the shorter cooldown");
        assertThat(b.heard).containsOnlyKeys("marker");
        assertThat(Long.parseLong(redis.command("PTTL " + prefix + "cooldown:chat").substring(1)))
                .isGreaterThan(Duration.ofSeconds(20).toMillis());
    }

    @Test
    void instancesWithOtherPrefixesShareNothing() throws Exception {
        Instance a = new Instance();
        RedisSharedState other = RedisSharedState.builder(redis.url()).keyPrefix("other-" + prefix).build();
        closing.add(other);
        List<String> otherHeard = new CopyOnWriteArrayList<>();
        other.start(new SharedState.Sink() {
            @Override
            public void cooldown(String operation, Duration remaining) {
                otherHeard.add(operation);
            }

            @Override
            public void configuration(String document) {
                otherHeard.add(document);
            }
        });
        Await.until(other::available, "the other service to reach Redis");

        a.rateLimited(Duration.ofSeconds(30));
        Instance b = new Instance();
        Await.until(() -> b.heard.containsKey("chat"), "the same service to hear it");
        assertThat(otherHeard).isEmpty();
    }

    @Test
    void redisKilledFailsNoCallAndTheInstancesShareAgainWhenItReturnsEmpty() throws Exception {
        Instance a = new Instance();
        Instance b = new Instance();
        redis.stop();
        try {
            Await.until(() -> !a.redisState.available(), "A to notice");

            long before = a.redisState.failures();
            a.rateLimited(Duration.ofSeconds(30)); // the 429 is handled as always; sharing it fails quietly
            // Refused by Lettuce, reported on its own thread: counted once, shortly after the call has returned.
            Await.until(() -> a.redisState.failures() == before + 1, "the refused cooldown to be counted");
            assertThat(a.resilience.getHealthStatus().sharedState()).isEqualTo("unavailable");
            assertThat(a.resilience.getHealthStatus().healthy()).isTrue();
            assertThatThrownBy(() -> a.call(false, Duration.ofSeconds(5)))
                    .as("A still holds its own cooldown").isInstanceOf(RateLimitException.class);
            assertThat(b.call(false, Duration.ofSeconds(5))).as("B never heard it: it calls").hasSize(1);
        } finally {
            redis.startProcess();
        }
        Await.until(() -> a.redisState.available() && b.redisState.available(), "both to reconnect");
        assertThat(a.resilience.getHealthStatus().sharedState()).isEqualTo("available");

        a.resilience.resetCircuitBreaker("chat"); // ends A's cooldown, so A's next 429 is new to it
        a.rateLimited(Duration.ofSeconds(30));
        Await.until(() -> b.heard.containsKey("chat"), "B to hear A again, over the reconnected subscription");
        assertThatThrownBy(() -> b.call(false, Duration.ofSeconds(5))).isInstanceOf(RateLimitException.class);
    }

    @Test
    void aFrozenRedisSlowsNoCall() throws Exception {
        Instance a = new Instance();
        redis.pause();
        try {
            long start = System.nanoTime();
            a.rateLimited(Duration.ofSeconds(30));
            a.resilience.resetCircuitBreaker("chat");
            a.rateLimited(Duration.ofSeconds(30));
            // Generous: the calls do not wait for Redis at all; a call that did would hang for as long as it is frozen.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            Await.until(() -> a.redisState.failures() >= 2, "the unanswered commands to time out");
            assertThat(a.redisState.available()).isFalse();
        } finally {
            redis.resume();
        }
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void theHappyPathSendsRedisNothing(boolean async) {
        Instance a = new Instance();
        a.call(async, Duration.ofSeconds(5)); // the operation exists before counting
        Map<String, Long> before = commandCounts();

        for (int i = 0; i < 2_000; i++) {
            a.call(async, Duration.ofSeconds(5));
        }

        Map<String, Long> after = commandCounts();
        List<String> grown = after.keySet().stream()
                .filter(command -> after.get(command) > before.getOrDefault(command, 0L)).sorted().toList();
        // Meanwhile only the configuration-update reader (XREAD every 200 ms) reached Redis, and this test's own
        // connection (its handshake and INFO).
        assertThat(grown).isSubsetOf("xread", "hello", "info");
    }

    /** Calls per command since Redis started ({@code INFO commandstats}), through a connection of the test's own. */
    private static Map<String, Long> commandCounts() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(redis.url());
        try (var connection = client.connect()) {
            Map<String, Long> counts = new java.util.HashMap<>();
            for (String line : connection.sync().info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_")) {
                    String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                    String calls = line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls=")));
                    counts.put(command, Long.parseLong(calls));
                }
            }
            return counts;
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aPasswordInTheUrlIsUsedAndNeverShown() throws Exception {
        try (RedisServer secured = RedisServer.start("s3cret-pass-Z9")) {
            Instance a = new Instance(secured.url());
            Instance b = new Instance(secured.url());
            a.rateLimited(Duration.ofSeconds(30));
            Await.until(() -> b.heard.containsKey("chat"), "B to hear A through the secured server");
            assertThat(a.redisState.toString()).doesNotContain("s3cret").contains("127.0.0.1");
            a.resilience.close();
            b.resilience.close();
        }
    }

    private static int attempts(Instance instance) {
        return instance.resilience.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).retry().maxAttempts();
    }

    @Test
    void aRuntimeUpdateReachesEveryInstanceWithinOneSecondAndOutlivesARestart() {
        Instance a = new Instance();
        Instance b = new Instance();

        long updatedAt = System.nanoTime();
        a.resilience.updateConfiguration("{\"retry_attempts\": 7}");
        Await.until(() -> attempts(b) == 7, "B to apply A's update");
        assertThat(Duration.ofNanos(System.nanoTime() - updatedAt)).isLessThanOrEqualTo(Duration.ofSeconds(1));

        b.resilience.updateConfiguration(Map.of("retry_attempts", 4, "circuit_breaker_threshold", 8));
        Await.until(() -> attempts(a) == 4, "A to apply B's later update");

        Instance restarted = new Instance(); // a new process of the same service
        Await.until(() -> attempts(restarted) == 4, "the restarted instance to replay the updates, in order");
        assertThat(restarted.resilience.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED)
                .circuitBreaker().failureThreshold()).isEqualTo(8);
    }

    @Test
    void aRejectedUpdateIsNeitherSharedNorKept() throws Exception {
        Instance a = new Instance();
        assertThatThrownBy(() -> a.resilience.updateConfiguration("{\"retry_attempts\": 0}"))
                .isInstanceOf(dev.airesilience.config.validation.InvalidConfigurationException.class);
        assertThat(redis.command("XLEN " + prefix + "config-updates")).isEqualTo(":0");
    }

    @Test
    void anUpdateMadeWhileRedisIsAwayIsSharedWhenItReturns() throws Exception {
        Instance a = new Instance();
        Instance b = new Instance();
        redis.stop();
        try {
            Await.until(() -> !a.redisState.available(), "A to notice");
            a.resilience.updateConfiguration("{\"retry_attempts\": 9}");
            assertThat(attempts(a)).as("applied here at once").isEqualTo(9);
        } finally {
            redis.startProcess();
        }
        Await.until(() -> attempts(b) == 9, "B to get the update once Redis is back");
    }

    @Test
    void badSettingsNameTheFieldTheRangeAndTheValue() {
        assertThatThrownBy(() -> RedisSharedState.builder("http://localhost"))
                .hasMessageContaining("url must start with redis:// or rediss://");
        assertThatThrownBy(() -> RedisSharedState.builder(redis.url()).commandTimeout(Duration.ZERO))
                .hasMessage("commandTimeout must be between PT0.001S and PT10S, got PT0S");
        assertThatThrownBy(() -> RedisSharedState.builder(redis.url()).keyPrefix("has space"))
                .hasMessageContaining("keyPrefix must be 1 to 100 characters").hasMessageContaining("has space");
    }
}
