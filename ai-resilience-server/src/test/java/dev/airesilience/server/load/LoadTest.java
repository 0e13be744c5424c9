package dev.airesilience.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.server.Api;
import dev.airesilience.server.RawHttp;
import dev.airesilience.server.text.TextOperation;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * A bounded load test of the service as it ships (the real strategies, not the test timings), on loopback only.
 * For each mode the chaos API sets up (healthy, outage, rate limit, slow provider; {@code load.modes} picks some)
 * and each number of concurrent closed-loop clients ({@code load.levels}, default 8, 64, 256, 512), clients call
 * the text API for {@code load.duration} (default {@code PT6S}) while a probe calls {@code /actuator/health} on a
 * new connection every 250 ms. It reports throughput (answers within the window per second), p50/p99 latency and
 * error rate (non-2xx and transport errors; degraded answers are 200s, counted apart) of every request started in
 * the window, and health latency (p99, max), and asserts that health answered within 1 s at every level: two
 * late probes in a row fail it, as they would fail a probe with {@code failureThreshold} 2. Off by default:
 * {@code ./mvnw -q -B -pl ai-resilience-server -am verify -Pload -Dtest=LoadTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("load")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + LoadTest.KEY, "airesilience.server.attempt-timeout=5s",
        // One WARN line per retry would make the load test measure the console.
        "logging.level.dev.airesilience=ERROR"})
@DirtiesContext
class LoadTest {

    static final String KEY = "load-key-4Rt7";
    static final Duration PER_LEVEL = Duration.parse(System.getProperty("load.duration", "PT6S"));
    static final List<Integer> LEVELS = Arrays.stream(System.getProperty("load.levels", "8,64,256,512").split(","))
            .map(String::strip).map(Integer::valueOf).toList();
    static final List<String> ONLY_MODES = Arrays.stream(System.getProperty("load.modes",
            "healthy,outage,rate limit,slow provider").split(",")).map(String::strip).toList();
    static final Duration PROBE_PERIOD = Duration.ofMillis(250);
    static final Duration PROBE_DEADLINE = Duration.ofSeconds(1);
    static final List<String> OPERATIONS = List.of("summarize", "sentiment", "key_points", "questions", "qa");

    /** A mode: what the chaos API is told before the mode's levels run. */
    record Mode(String name, Map<String, Object> chaos) {}

    static final List<Mode> MODES = List.of(
            new Mode("healthy", Map.of("reset", true)),
            new Mode("outage", Map.of("reset", true, "outage_seconds", 3_600)),
            new Mode("rate limit", Map.of("reset", true, "requests_per_second", 50)),
            new Mode("slow provider", Map.of("reset", true, "latency_ms", 3_000)));

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    /** What one level measured. */
    record Result(String mode, int clients, long requests, long completedInWindow, double seconds,
            Map<String, Long> errorKinds, long degraded, long[] latencyMillis, long[] probeMillis,
            int lateProbesTwiceInARow) {

        long errors() {
            return errorKinds.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Answers per second within the window (requests started in it and answered after it do not count). */
        double throughput() {
            return completedInWindow / seconds;
        }

        String row() {
            return String.format("| %s | %d | %d | %.1f | %d | %d | %.2f%% | %.1f%% | %d | %d | %d |", mode, clients,
                    requests, throughput(), percentile(latencyMillis, 0.50), percentile(latencyMillis, 0.99),
                    100.0 * errors() / Math.max(1, requests), 100.0 * degraded / Math.max(1, requests),
                    probeMillis.length, percentile(probeMillis, 0.99), max(probeMillis));
        }
    }

    static long percentile(long[] sorted, double quantile) {
        return sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }

    static long max(long[] sorted) {
        return sorted.length == 0 ? 0 : sorted[sorted.length - 1];
    }

    @Test
    void healthAnswersWithinASecondAtEveryLevelOfEveryMode() throws Exception {
        Api api = new Api(port, KEY);
        ExecutorService clientPool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(clientPool).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        List<Result> results = new ArrayList<>();
        long started = System.nanoTime();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            prepare(api, MODES.get(0));
            level(http, "warm-up", 64, Duration.ofSeconds(4)); // JIT and pools; not reported
            for (Mode mode : MODES.stream().filter(mode -> ONLY_MODES.contains(mode.name())).toList()) {
                prepare(api, mode);
                for (int clients : LEVELS) {
                    Result result = level(http, mode.name(), clients, PER_LEVEL);
                    results.add(result);
                    System.out.println("LOAD " + result.row() + (result.errorKinds().isEmpty() ? ""
                            : " errors: " + result.errorKinds()));
                }
            }
        } finally {
            clientPool.shutdownNow();
            api.put("/internal/chaos", Map.of("reset", true));
        }

        System.out.printf("%nLoad test: %s per level on loopback, %d CPUs (load average %.1f before, %.1f after), "
                + "java %s, %.0f s in all%n", PER_LEVEL, Runtime.getRuntime().availableProcessors(), loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.version(),
                (System.nanoTime() - started) / 1e9);
        System.out.println("| mode | clients | requests | req/s | p50 ms | p99 ms | errors | degraded | health probes "
                + "| health p99 ms | health max ms |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        results.forEach(result -> System.out.println(result.row()));
        results.stream().filter(result -> !result.errorKinds().isEmpty()).forEach(result -> System.out.println(
                "Errors at " + result.mode() + ", " + result.clients() + " clients: " + result.errorKinds()));
        assertThat(results).allSatisfy(result -> {
            assertThat(result.probeMillis()).as(result.mode() + " at " + result.clients() + " clients: probes").isNotEmpty();
            assertThat(result.lateProbesTwiceInARow()).as(result.mode() + " at " + result.clients()
                    + " clients: health over " + PROBE_DEADLINE + " twice in a row").isZero();
        });
    }

    /** Sets the mode's chaos and closes every breaker, so each mode starts from a healthy service. */
    private void prepare(Api api, Mode mode) {
        assertThat(api.put("/internal/chaos", mode.chaos()).status()).isEqualTo(200);
        for (TextOperation operation : TextOperation.values()) {
            resilience.resetCircuitBreaker(operation.resilienceOperation());
        }
    }

    /**
     * {@code clients} closed-loop clients for {@code duration}; every request started in the window is awaited
     * and counted. The probe runs on this thread meanwhile.
     */
    private Result level(HttpClient http, String mode, int clients, Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger inFlight = new AtomicInteger();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        LongAdder degraded = new LongAdder();
        LongAdder completedInWindow = new LongAdder();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        Level level = new Level(http, URI.create("http://127.0.0.1:" + port + "/v1/text/process"), end, inFlight,
                errors, degraded, completedInWindow, latencies);
        for (int client = 0; client < clients; client++) {
            level.send(client, 0);
        }
        List<Long> probes = new ArrayList<>();
        int lateTwice = 0;
        boolean lastLate = false;
        while (System.nanoTime() < end) {
            long probeStart = System.nanoTime();
            boolean ok;
            try {
                ok = RawHttp.send(port, Duration.ofSeconds(5), "GET", "/actuator/health").status() == 200;
            } catch (RuntimeException noAnswer) {
                ok = false;
            }
            long millis = (System.nanoTime() - probeStart) / 1_000_000;
            probes.add(millis);
            boolean late = !ok || millis > PROBE_DEADLINE.toMillis();
            lateTwice += late && lastLate ? 1 : 0;
            lastLate = late;
            Thread.sleep(Math.max(0, PROBE_PERIOD.toMillis() - millis)); // the probe period
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Api.await(Duration.ofMinutes(2), () -> inFlight.get() == 0, "the " + mode + " level's last requests");
        long[] sortedLatencies = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] sortedProbes = probes.stream().mapToLong(Long::longValue).sorted().toArray();
        Map<String, Long> errorKinds = new TreeMap<>();
        errors.forEach((kind, count) -> errorKinds.put(kind, count.sum()));
        return new Result(mode, clients, sortedLatencies.length, completedInWindow.sum(), seconds, errorKinds,
                degraded.sum(), sortedLatencies, sortedProbes, lateTwice);
    }

    /** One level's closed-loop clients: each sends its next request when the last one is answered, until the end. */
    private record Level(HttpClient http, URI textApi, long end, AtomicInteger inFlight, Map<String, LongAdder> errors,
            LongAdder degraded, LongAdder completedInWindow, ConcurrentLinkedQueue<Long> latencies) {

        void send(int client, int n) {
            if (System.nanoTime() - end >= 0) {
                return;
            }
            inFlight.incrementAndGet();
            String operation = OPERATIONS.get((client + n) % OPERATIONS.size());
            String body = "{\"operation\":\"" + operation + "\",\"text\":\"Client " + client + " request " + n
                    + ". Users love the dashboard. Login is slow.\",\"question\":\"What is slow?\"}";
            HttpRequest request = HttpRequest.newBuilder(textApi)
                    .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json").header("X-API-Key", KEY)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long answered = System.nanoTime();
                latencies.add((answered - sent) / 1_000_000);
                if (answered - end < 0) {
                    completedInWindow.increment();
                }
                if (error != null || response.statusCode() / 100 != 2) {
                    String kind = error != null ? error.getClass().getSimpleName() : "HTTP " + response.statusCode();
                    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
                } else if (isDegraded(response.body())) {
                    degraded.increment();
                }
                // The next request counts as in flight before this one stops counting: zero means the level is done.
                send(client, n + 1);
                inFlight.decrementAndGet();
            });
        }
    }

    private static boolean isDegraded(String body) {
        try {
            JsonNode json = Api.JSON.readTree(body);
            return "degraded".equals(json.path("metadata").path("service_status").asString());
        } catch (RuntimeException notJson) {
            return false;
        }
    }
}
