package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.redis.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16 end to end: two processes of the service, as the README starts them ({@code REDIS_URL}, {@code PORT}, no
 * API key), each with its own simulated provider, sharing one real {@code redis-server} on a loopback port. A 429
 * seen by one holds the other without a provider request; a runtime configuration update made on one reaches the
 * other, and an instance restarted afterwards comes up with it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // two JVMs to start, one of them twice
class TwoInstancesSharingRedisTest {

    private static RedisServer redis;
    private static final List<Instance> running = new ArrayList<>();

    /** One service process and the port it serves. */
    private record Instance(Process process, int port, Path log) {
        Api api() {
            return new Api(port, null);
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Instance instance : running) {
            instance.stop();
        }
        redis.close();
    }

    /** Starts the service's main class in a JVM of its own, on this test's class path, and waits until it is up. */
    private static Instance start(String name) throws IOException {
        int port = freePort();
        // Each process's output is kept for a failed run.
        Path log = Files.createDirectories(Path.of("target", "two-instances")).resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ResilienceServerApplication.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("REDIS_URL", redis.url());
        builder.environment().remove("API_KEY");
        Instance instance = new Instance(builder.start(), port, log);
        running.add(instance);
        String[] lastHealth = {"none yet"};
        try {
            Api.await(Duration.ofSeconds(120), () -> {
                if (!instance.process().isAlive()) {
                    throw new AssertionError(name + " exited; its output is in " + log.toAbsolutePath());
                }
                try {
                    Api.Reply health = instance.api().get("/internal/resilience/health");
                    lastHealth[0] = health.status() + " " + health.body();
                    return health.json().path("details").path("shared_state").asString().equals("available");
                } catch (RuntimeException notYet) {
                    return false;
                }
            }, name + " to serve, with Redis reachable");
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last health: " + lastHealth[0] + "; output in " + log.toAbsolutePath(), e);
        }
        return instance;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int providerRequests(Instance instance) {
        return instance.api().get("/internal/chaos/requests?limit=1").json().path("total_requests").asInt();
    }

    private static List<String> coolingDown(Instance instance) {
        List<String> operations = new ArrayList<>();
        instance.api().get("/internal/resilience/health").json().path("details").path("cooling_down")
                .forEach(operation -> operations.add(operation.asString()));
        return operations;
    }

    private static Api.Reply keyPoints(Instance instance) {
        return instance.api().post("/v1/text/process", Map.of("operation", "key_points",
                "text", "Rate limits happen. One instance learns it. The other waits."));
    }

    @Test
    void aRateLimitAndAConfigurationUpdateSeenByOneInstanceHoldForTheOtherAndOutliveItsRestart() throws Exception {
        Instance a = start("a");
        Instance b = start("b");

        // A's provider answers its next request 429 with Retry-After: 600, longer than any call's budget, so the call
        // ends at once and the cooldown outlasts the test; B's provider stays healthy.
        a.api().put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("429", 1), "retry_after_seconds", 600));
        keyPoints(a);
        List<String> heldOnA = coolingDown(a);
        assertThat(heldOnA).as("A holds the operation its provider rate-limited").isNotEmpty();
        Api.await(Duration.ofSeconds(10), () -> coolingDown(b).containsAll(heldOnA), "B to hear A's cooldown");

        int requestsAtB = providerRequests(b);
        Api.Reply onB = keyPoints(b);
        assertThat(providerRequests(b)).as("B sent its provider nothing: " + onB.body()).isEqualTo(requestsAtB);

        // A runtime update on A: B applies it too, and a B restarted afterwards comes up with it.
        assertThat(a.api().put("/internal/resilience/config", Map.of("retry_attempts", 5)).status()).isEqualTo(200);
        Api.await(Duration.ofSeconds(5), () -> retryAttempts(b) == 5, "B to apply A's update");
        b.stop();
        running.remove(b);
        Instance restarted = start("b-restarted");
        assertThat(retryAttempts(restarted)).isEqualTo(5);
        assertThat(coolingDown(restarted)).as("the cooldown still running, read from Redis").containsAll(heldOnA);
    }

    /** The {@code retry_attempts} in force from runtime updates and the custom document; -1 when none sets it. */
    private static int retryAttempts(Instance instance) {
        return instance.api().get("/internal/resilience/config").json().path("custom_overrides")
                .path("retry_attempts").asInt(-1);
    }
}
