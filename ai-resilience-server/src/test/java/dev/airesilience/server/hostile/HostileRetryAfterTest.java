package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.server.Api;
import dev.airesilience.server.simulator.SimulatedProvider;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A provider that answers 429 with a hostile {@code Retry-After} (huge, negative, not a number, a date far in the
 * future, CR/LF injection, over-long): every call still ends within its strategy's time budget, no thread is
 * left sleeping, and the service answers (fallback or error body) without echoing the header.
 *
 * <p>What can be sent: the JDK's HttpServer (the simulator) refuses CR and LF in a header value, so an injection
 * attempt reaches the client as a 429 without Retry-After; the test checks that at the simulator's wire, too.
 * Each poisoning value uses its own operation, because an honoured Retry-After starts a cooldown shared by the
 * operation (capped at 24 h by the core).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + HostileRetryAfterTest.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(HostileRetryAfterTest.ShortBudget.class)
@DirtiesContext
class HostileRetryAfterTest {

    static final String KEY = "retry-after-test-key-5Rt0";
    /** Every strategy's total time budget in this test. */
    static final Duration BUDGET = Duration.ofSeconds(3);
    /** Loopback HTTP and JSON work around the orchestrator, on top of the budget. */
    static final Duration SLACK = Duration.ofMillis(750);

    /** The strategy table's attempts and thresholds with a 3 s budget and 0.1 s backoff. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ShortBudget {
        @Bean(destroyMethod = "close")
        AIServiceResilience aiServiceResilience() {
            AIServiceResilience.Builder builder = AIServiceResilience.builder();
            Map<ResilienceStrategy, int[]> table = Map.of(ResilienceStrategy.AGGRESSIVE, new int[] {2, 3},
                    ResilienceStrategy.BALANCED, new int[] {3, 5}, ResilienceStrategy.CONSERVATIVE, new int[] {5, 8},
                    ResilienceStrategy.CRITICAL, new int[] {7, 10});
            table.forEach((strategy, numbers) -> builder.strategyConfig(strategy, ResilienceConfig.builder()
                    .strategy(strategy)
                    .retry(RetryConfig.builder().maxAttempts(numbers[0]).maxDelay(BUDGET)
                            .exponentialMultiplier(Duration.ofMillis(100)).exponentialMin(Duration.ofMillis(100)).exponentialMax(Duration.ofSeconds(1)).jitter(false).build())
                    .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(50).recoveryTimeout(Duration.ofSeconds(10))
                            .halfOpenMaxCalls(1).build())
                    .build()));
            return builder.build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SimulatedProvider simulator;

    Api api;

    @BeforeEach
    void calm() {
        api = new Api(port, KEY);
        assertThat(api.put("/internal/chaos", Map.of("reset", true)).status()).isEqualTo(200);
    }

    static Stream<Arguments> hostileValues() {
        return Stream.of(
                Arguments.of("huge delta-seconds", "99999999999", "summarize", true),
                Arguments.of("an HTTP-date far in the future", "Fri, 31 Dec 9999 23:59:59 GMT", "sentiment", true),
                Arguments.of("negative", "-5", "key_points", true),
                Arguments.of("not a number", "soon", "questions", true),
                Arguments.of("NaN", "NaN", "key_points", true),
                Arguments.of("an overflowing exponent", "1e400", "questions", true),
                Arguments.of("1,000 digits", "9".repeat(1_000), "key_points", true),
                Arguments.of("a list of values", "1, 99999999", "questions", true),
                Arguments.of("header injection with CR LF", "1\r\nX-Evil: 1", "qa", false),
                Arguments.of("header injection with a bare LF", "1\nX-Evil: 1", "qa", false));
    }

    @ParameterizedTest(name = "a 429 with a Retry-After that is {0} ends within the budget and is not echoed")
    @MethodSource("hostileValues")
    void aHostileRetryAfterEndsTheCallWithinItsBudgetWithoutEchoingIt(String description, String raw,
            String operation, boolean sendable) throws Exception {
        assertThat(api.put("/internal/chaos", chaos(raw)).status()).isEqualTo(200);
        long refusedBefore = simulator.refusedRetryAfterHeaders();

        Optional<String> onTheWire = probeSimulator();
        if (sendable) {
            assertThat(onTheWire).as("what the simulator really sent").hasValue(raw);
        } else {
            assertThat(onTheWire).as("the JDK HttpServer refuses CR/LF, so no Retry-After goes out").isEmpty();
            assertThat(simulator.refusedRetryAfterHeaders()).isGreaterThan(refusedBefore);
        }

        long start = System.nanoTime();
        Api.Reply reply = process(operation, Map.of());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("Retry-After %s: answered in %d ms (budget %d ms), fallback_reason=%s%n", description,
                elapsed.toMillis(), BUDGET.toMillis(), reply.json().path("metadata").path("fallback_reason").asString());
        assertThat(elapsed).as("elapsed for %s", description).isLessThanOrEqualTo(BUDGET.plus(SLACK));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("metadata").path("fallback_used").asBoolean()).isTrue();
        assertThat(reply.json().path("metadata").path("service_status").asString()).isEqualTo("degraded");
        assertNotEchoed(reply, raw);
        awaitNoThreadParkedInOurCode();
    }

    @Test
    void aHugeRetryAfterGivesCallersAnImmediateFallbackOrA429WithABoundedRetryAfterAndNoStalledThread()
            throws Exception {
        String raw = "99999999999";
        assertThat(api.put("/internal/chaos", chaos(raw)).status()).isEqualTo(200);
        process("summarize", Map.of()); // starts the shared cooldown (capped at 24 h)

        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Duration>> calls = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                calls.add(callers.submit(() -> {
                    long start = System.nanoTime();
                    Api.Reply reply = process("summarize", Map.of());
                    assertThat(reply.json().path("metadata").path("fallback_reason").asString()).isEqualTo("rate_limited");
                    assertNotEchoed(reply, raw);
                    return Duration.ofNanos(System.nanoTime() - start);
                }));
            }
            for (Future<Duration> call : calls) {
                assertThat(call.get(BUDGET.plus(SLACK).toMillis() * 4, java.util.concurrent.TimeUnit.MILLISECONDS))
                        .isLessThanOrEqualTo(BUDGET.plus(SLACK));
            }
        } finally {
            callers.shutdownNow();
        }
        Api.Reply strict = process("summarize", Map.of("options", Map.of("allow_degraded", false)));

        assertThat(strict.status()).isEqualTo(429);
        assertThat(strict.json().path("error_code").asString()).isEqualTo("RATE_LIMIT_EXCEEDED");
        assertThat(Long.parseLong(strict.raw().headers().firstValue("Retry-After").orElseThrow()))
                .as("our own Retry-After, computed from the capped cooldown").isBetween(1L, 86_400L);
        assertNotEchoed(strict, raw);
        awaitNoThreadParkedInOurCode();
    }

    @Test
    void theRawRetryAfterOptionTakesOnlyAStringOfAtMost1000CharactersAndNullClearsIt() {
        Api.Reply number = api.put("/internal/chaos", Map.of("retry_after_raw", 5));
        Api.Reply tooLong = api.put("/internal/chaos", Map.of("retry_after_raw", "9".repeat(1_001)));
        Api.Reply set = api.put("/internal/chaos", Map.of("retry_after_raw", "soon"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("retry_after_raw", null);
        Api.Reply cleared = api.put("/internal/chaos", clear);

        assertThat(number.status()).isEqualTo(400);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).doesNotContain("9".repeat(1_001));
        assertThat(set.json().path("settings").path("retry_after_raw").asString()).isEqualTo("soon");
        assertThat(cleared.json().path("settings").path("retry_after_raw").isNull()).isTrue();
    }

    private static Map<String, Object> chaos(String raw) {
        Map<String, Object> chaos = new HashMap<>();
        chaos.put("error_rate", 1.0);
        chaos.put("status_mix", Map.of("429", 1));
        chaos.put("retry_after_raw", raw);
        return chaos;
    }

    private Api.Reply process(String operation, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("operation", operation, "text", "Users love the dashboard.",
                "question", "What do users love?"));
        body.putAll(extra);
        return api.post("/v1/text/process", body);
    }

    /** One request straight to the simulator: the Retry-After it really sends. */
    private Optional<String> probeSimulator() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[{\"role\":\"system\","
                        + "\"content\":\"Task: probe.\"},{\"role\":\"user\",\"content\":\"Text: x\"}]}"))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Evil"));
        return response.headers().firstValue("Retry-After");
    }

    private static void assertNotEchoed(Api.Reply reply, String raw) {
        assertThat(reply.raw().headers().map().keySet()).noneMatch(name -> name.equalsIgnoreCase("X-Evil"));
        reply.raw().headers().allValues("Retry-After").forEach(value -> assertThat(value).matches("[0-9]{1,5}"));
        assertThat(reply.body()).doesNotContain("X-Evil");
        if (raw.length() >= 4) {
            assertThat(reply.body()).doesNotContain(raw);
            assertThat(reply.raw().headers().map().toString()).doesNotContain(raw);
        }
    }

    /**
     * Waits (with a deadline) until no thread is parked or sleeping inside the orchestrator: a thread still in
     * a Retry-After wait after every call answered would be a stalled thread.
     */
    private static void awaitNoThreadParkedInOurCode() {
        Api.await(Duration.ofSeconds(2), () -> parkedInOrchestrator().isEmpty(),
                "no thread waiting inside the orchestrator; found " + parkedInOrchestrator());
    }

    private static List<String> parkedInOrchestrator() {
        List<String> parked = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            boolean waiting = thread.getState() == Thread.State.TIMED_WAITING || thread.getState() == Thread.State.WAITING;
            boolean inOrchestrator = Stream.of(stack).anyMatch(frame -> frame.getClassName().startsWith("dev.airesilience.")
                    && !frame.getClassName().startsWith("dev.airesilience.server."));
            if (waiting && inOrchestrator && thread != Thread.currentThread()) {
                parked.add(thread.getName());
            }
        });
        return parked;
    }
}
