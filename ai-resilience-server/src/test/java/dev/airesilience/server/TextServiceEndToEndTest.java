package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.server.simulator.RecordedRequest;
import dev.airesilience.server.simulator.SimulatedProvider;
import dev.airesilience.server.text.TextOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** The service over a real port, against its simulated provider, with the orchestrator's timings shortened. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=primary-key-0123456789", "ADDITIONAL_API_KEYS= second-key-abcdef , third-key-xyz",
        "airesilience.server.attempt-timeout=2s", "airesilience.server.max-text-length=2000",
        "airesilience.server.max-body-bytes=16384"})
@Import(FastResilience.class)
class TextServiceEndToEndTest {

    static final String KEY = "primary-key-0123456789";
    static final String TEXT = "The new release is fast and reliable. Users love the dashboard. "
            + "Some reported a slow login page. The team will fix it next week.";

    @LocalServerPort
    int port;

    @Autowired
    SimulatedProvider simulator;

    @Autowired
    AIServiceResilience resilience;

    Api api;

    @BeforeEach
    void calmProvider() {
        api = new Api(port, KEY);
        assertThat(api.put("/internal/chaos", Map.of("reset", true)).status()).isEqualTo(200);
        for (TextOperation operation : TextOperation.values()) {
            resilience.resetCircuitBreaker(operation.resilienceOperation());
        }
        for (String model : resilience.getAllMetrics().targets().keySet()) { // summarize's route of models
            resilience.resetCircuitBreaker("target:" + model);
        }
        resilience.resetMetrics();
        simulator.clearRecords();
    }

    @AfterEach
    void restoreConfiguration() {
        api.put("/internal/resilience/config", Map.of("retry_attempts", 3));
    }

    private Api.Reply process(String operation, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("operation", operation, "text", TEXT));
        body.putAll(extra);
        return api.post("/v1/text/process", body);
    }

    private List<RecordedRequest> requestsFor(String task) {
        return simulator.requests().stream().filter(r -> r.task().equals(task)).toList();
    }

    @Test
    void eachOperationAnswersFromTheProviderWithOneAttempt() {
        for (TextOperation operation : TextOperation.values()) {
            Api.Reply reply = process(operation.wireName(), Map.of("question", "What do users love?"));

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode body = reply.json();
            assertThat(body.path("metadata").path("service_status").asString()).isEqualTo("ok");
            assertThat(body.path("metadata").path("fallback_used").asBoolean()).isFalse();
            assertThat(body.path("metadata").path("attempts").asInt()).isEqualTo(1);
            assertThat(body.path("result").isNull()).isFalse();
        }
        assertThat(process("sentiment", Map.of()).json().path("result").path("sentiment").asString()).isEqualTo("positive");
        assertThat(process("qa", Map.of("question", "What will the team fix?")).json().path("result").asString())
                .contains("fix");
        assertThat(process("key_points", Map.of()).json().path("result").size()).isEqualTo(3);
    }

    @Test
    void aRateLimitedCallIsRetriedNoSoonerThanRetryAfterWithTheSameIdempotencyKey() {
        api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("429", 1), "retry_after_seconds", 1));

        // key_points has one model (summarize would go to its other model at once, without waiting)
        Api.Reply reply = process("key_points", Map.of());

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("metadata").path("attempts").asInt()).isEqualTo(2);
        List<RecordedRequest> seen = requestsFor("key_points");
        assertThat(seen).extracting(RecordedRequest::status).containsExactly(429, 200);
        long gapMillis = (seen.get(1).arrivalNanos() - seen.get(0).arrivalNanos()) / 1_000_000;
        assertThat(gapMillis).as("gap between the 429 and the retry at the provider").isGreaterThanOrEqualTo(1_000);
        assertThat(seen.get(0).idempotencyKey()).isNotBlank().isEqualTo(seen.get(1).idempotencyKey())
                .isEqualTo(reply.json().path("metadata").path("idempotency_key").asString());
    }

    @Test
    void anOutageOpensTheBreakerAndLaterCallsAreAnsweredByTheFallbackWithoutReachingTheProvider() {
        api.put("/internal/chaos", Map.of("outage_seconds", 60));
        // key_points runs BALANCED: 3 attempts per call, breaker opens after 5 failed calls.
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            JsonNode body = process("key_points", Map.of()).json();
            assertThat(body.path("metadata").path("service_status").asString()).isEqualTo("degraded");
            reasons.add(body.path("metadata").path("fallback_reason").asString());
        }
        assertThat(reasons).containsOnly("retries_exhausted");
        assertThat(api.get("/internal/resilience/circuit-breakers/extract_key_points").json().path("state").asString())
                .isEqualTo("open");
        Instant openUntil = Instant.parse(api.get("/internal/resilience/circuit-breakers/extract_key_points").json()
                .path("open_until").asString());
        long before = simulator.totalRequests();

        Api.Reply strict = process("key_points", Map.of("options", Map.of("allow_degraded", false)));
        int rejected = 1;
        // Only calls that start well inside the open window count: after it, a trial call may rightly go through.
        while (Instant.now().isBefore(openUntil.minusMillis(400))) {
            long start = System.nanoTime();
            Api.Reply reply = process("key_points", Map.of());
            assertThat((System.nanoTime() - start) / 1_000_000).as("rejected fast").isLessThan(300);
            JsonNode body = reply.json();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(body.path("metadata").path("fallback_used").asBoolean()).isTrue();
            assertThat(body.path("metadata").path("fallback_reason").asString()).isEqualTo("circuit_open");
            assertThat(body.path("metadata").path("attempts").asInt()).isZero();
            assertThat(body.path("result").get(0).asString()).isEqualTo("Service temporarily unavailable");
            rejected++;
        }

        assertThat(simulator.totalRequests()).as("requests that reached the provider while open").isEqualTo(before);
        assertThat(rejected).isGreaterThan(1);
        assertThat(strict.status()).isEqualTo(503);
        assertThat(strict.raw().headers().firstValue("Retry-After")).hasValueSatisfying(
                value -> assertThat(Integer.parseInt(value)).isBetween(1, 3));
        assertThat(strict.json().path("error_code").asString()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(api.get("/internal/resilience/metrics/extract_key_points").json()
                .path("metrics").path("rejected_calls").asLong()).isEqualTo(rejected);
    }

    @Test
    void summarizeFailsOverToTheFallbackModelWhileThePrimaryModelIsDownAndReturnsWhenItRecovers() {
        assertThat(api.put("/internal/chaos?model=simulated-gpt", Map.of("outage_seconds", 60)).status()).isEqualTo(200);

        for (int i = 0; i < 7; i++) {
            JsonNode body = process("summarize", Map.of()).json();
            assertThat(body.path("metadata").path("service_status").asString()).isEqualTo("ok");
            assertThat(body.path("metadata").path("model").asString()).isEqualTo("simulated-gpt-mini");
        }
        // BALANCED: the primary model's breaker opens after 5 failed requests; later calls go straight to the other.
        List<RecordedRequest> summarize = requestsFor("summarize");
        assertThat(summarize.stream().filter(r -> "simulated-gpt".equals(r.model())))
                .hasSize(5).allSatisfy(r -> assertThat(r.status()).isEqualTo(503));
        assertThat(summarize.stream().filter(r -> "simulated-gpt-mini".equals(r.model())))
                .hasSize(7).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        JsonNode targets = api.get("/internal/resilience/metrics").json().path("targets");
        assertThat(targets.path("simulated-gpt").path("circuit_state").asString()).isEqualTo("open");
        assertThat(targets.path("simulated-gpt").path("last_error").asString()).contains("503");
        assertThat(targets.path("simulated-gpt-mini").path("circuit_state").asString()).isEqualTo("closed");
        assertThat(process("sentiment", Map.of()).json().path("metadata").path("model").asString())
                .as("only summarize is routed").isEqualTo("simulated-gpt");

        api.put("/internal/chaos?model=simulated-gpt", Map.of("outage_seconds", 0));
        Api.await(Duration.ofSeconds(10), () -> process("summarize", Map.of()).json().path("metadata").path("model")
                .asString().equals("simulated-gpt"), "summarize to be answered by the primary model again");
    }

    @Test
    void aModelsOwnChaosIsItsAloneAndAResetForgetsIt() {
        Api.Reply own = api.put("/internal/chaos?model=simulated-gpt-mini", Map.of("requests_per_second", 2));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().path("settings").path("requests_per_second").asInt()).isEqualTo(2);
        assertThat(api.get("/internal/chaos").json().path("settings").path("requests_per_second").asInt()).isZero();
        assertThat(api.get("/internal/chaos?model=simulated-gpt-mini").json().path("models_with_own_settings")
                .toString()).isEqualTo("[\"simulated-gpt-mini\"]");

        api.put("/internal/chaos", Map.of("reset", true));

        assertThat(api.get("/internal/chaos?model=simulated-gpt-mini").json().path("settings")
                .path("requests_per_second").asInt()).isZero();
        assertThat(api.get("/internal/chaos").json().path("models_with_own_settings").size()).isZero();
    }

    @Test
    void afterTheOutageEndsTheBreakerRecoversThroughHalfOpen() {
        api.put("/internal/chaos", Map.of("outage_seconds", 60));
        for (int i = 0; i < 5; i++) {
            process("questions", Map.of());
        }
        assertThat(breakerState("generate_questions")).isEqualTo("open");
        api.put("/internal/chaos", Map.of("outage_seconds", 0));

        Api.await(Duration.ofSeconds(5), () -> breakerState("generate_questions").equals("half-open"),
                "the breaker to admit a trial call");
        Api.Reply trial = process("questions", Map.of());

        assertThat(trial.json().path("metadata").path("service_status").asString()).isEqualTo("ok");
        assertThat(breakerState("generate_questions")).isEqualTo("closed");
        JsonNode metrics = api.get("/internal/resilience/metrics/generate_questions").json().path("metrics");
        assertThat(metrics.path("circuit_breaker_opens").asLong()).isEqualTo(1);
        assertThat(metrics.path("circuit_breaker_closes").asLong()).isEqualTo(1);
    }

    private String breakerState(String name) {
        return api.get("/internal/resilience/circuit-breakers/" + name).json().path("state").asString();
    }

    @Test
    void aRuntimeConfigurationUpdateChangesTheAttemptCountOfTheNextCall() {
        api.put("/internal/chaos", Map.of("error_rate", 1.0, "status_mix", Map.of("500", 1)));
        assertThat(process("key_points", Map.of()).json().path("metadata").path("attempts").asInt()).isEqualTo(3);

        Api.Reply update = api.put("/internal/resilience/config", Map.of("retry_attempts", 2));
        simulator.clearRecords();
        Api.Reply next = process("key_points", Map.of());

        assertThat(update.status()).as(update.body()).isEqualTo(200);
        assertThat(next.json().path("metadata").path("attempts").asInt()).isEqualTo(2);
        assertThat(requestsFor("key_points")).hasSize(2);
        assertThat(api.get("/internal/resilience/config").json().path("operation_configs").path("extract_key_points")
                .path("retry_config").path("max_attempts").asInt()).isEqualTo(2);
    }

    @Test
    void anInvalidConfigurationUpdateIsRejectedWithEveryProblemAndChangesNothing() {
        JsonNode before = api.get("/internal/resilience/config").json();

        Api.Reply reply = api.put("/internal/resilience/config", "{\"retry_attempts\": 21, \"recovery_timeout\": 0, \"colour\": 1}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("details").path("problems").size()).isEqualTo(3);
        assertThat(reply.body()).contains("retry_attempts").contains("between 1 and 20").contains("21");
        assertThat(api.get("/internal/resilience/config").json()).isEqualTo(before);
        Api.Reply validation = api.post("/internal/resilience/config/validate", Map.of("configuration", Map.of("retry_attempts", 0)));
        assertThat(validation.status()).isEqualTo(200);
        assertThat(validation.json().path("is_valid").asBoolean()).isFalse();
        assertThat(api.post("/internal/resilience/config/validate", "{not json").status()).isEqualTo(400);
    }

    @Test
    void aPermanentProviderFailureIsReportedAs502WithoutRetrying() {
        api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("400", 1)));

        Api.Reply reply = process("qa", Map.of("question", "Who loves the dashboard?"));

        assertThat(reply.status()).isEqualTo(502);
        assertThat(reply.json().path("error_code").asString()).isEqualTo("AI_SERVICE_ERROR");
        assertThat(requestsFor("qa")).hasSize(1);
        assertThat(reply.body()).doesNotContain("at dev.airesilience").doesNotContain("Exception");
    }

    @Test
    void requestsWithoutAValidKeyAreRejectedWith401AndNoKeyMaterial() {
        Api anonymous = api.withKey(null);
        Api wrong = api.withKey("guess-" + KEY);

        Api.Reply missing = anonymous.get("/internal/resilience/metrics");
        Api.Reply invalid = wrong.get("/internal/chaos");
        Api.Reply text = anonymous.post("/v1/text/process", Map.of("operation", "summarize", "text", TEXT));

        assertThat(List.of(missing, invalid, text)).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().path("error_code").asString()).isEqualTo("AUTHENTICATION_ERROR");
            assertThat(reply.body()).doesNotContain(KEY).doesNotContain("second-key").doesNotContain("guess-");
        });
        assertThat(anonymous.get("/internal/resilience/health").status()).isEqualTo(200);
        assertThat(api.withKey("second-key-abcdef").get("/internal/resilience/metrics").status()).isEqualTo(200);
    }

    @Test
    void oversizedOrInvalidInputIsRejectedWithAClearMessage() {
        Api.Reply longText = api.post("/v1/text/process", Map.of("operation", "summarize", "text", "a".repeat(2_001)));
        Api.Reply hugeBody = api.post("/v1/text/process", "{\"operation\":\"summarize\",\"text\":\"" + "b".repeat(20_000) + "\"}");
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 51; i++) {
            items.add(Map.of("operation", "summarize", "text", "short"));
        }
        Api.Reply bigBatch = api.post("/v1/text/batch", Map.of("requests", items));
        Api.Reply unknown = api.post("/v1/text/process", Map.of("operation", "translate", "text", TEXT));
        Api.Reply malformed = api.post("/v1/text/process", "{\"operation\": ");

        assertThat(longText.status()).isEqualTo(413);
        assertThat(longText.json().path("error").asString()).isEqualTo("text must be at most 2000 characters, got 2001");
        assertThat(hugeBody.status()).isEqualTo(413);
        assertThat(hugeBody.json().path("error").asString()).contains("16384");
        assertThat(bigBatch.status()).isEqualTo(400);
        assertThat(bigBatch.json().path("error").asString()).contains("at most 50").contains("51");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("error").asString()).contains("summarize, sentiment").contains("'translate'");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void aBatchAnswersEveryItemInOrderAndReportsFailedItemsWithoutFailingTheBatch() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(Map.of("operation", "sentiment", "text", i % 2 == 0 ? "I love it" : "I hate it"));
        }
        items.add(Map.of("operation", "qa", "text", TEXT));

        JsonNode reply = api.post("/v1/text/batch", Map.of("requests", items)).json();

        assertThat(reply.path("total_items").asInt()).isEqualTo(8);
        assertThat(reply.path("completed").asInt()).isEqualTo(7);
        assertThat(reply.path("results").get(0).path("response").path("result").path("sentiment").asString())
                .isEqualTo("positive");
        assertThat(reply.path("results").get(1).path("response").path("result").path("sentiment").asString())
                .isEqualTo("negative");
        assertThat(reply.path("results").get(7).path("error").asString()).isEqualTo("question is required for operation qa");
    }

    @Test
    void metricsOfAnUnknownOperationAre404AndTheOperationIsNotCreated() {
        Api.Reply reply = api.get("/internal/resilience/metrics/never_called");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(resilience.operations()).doesNotContain("never_called");
        assertThat(api.get("/internal/resilience/circuit-breakers/never_called").status()).isEqualTo(404);
    }

    @Test
    void presetsListKeysTheDetailEndpointAccepts() {
        JsonNode presets = api.get("/internal/resilience/config/presets").json();

        assertThat(presets.size()).isEqualTo(3);
        for (JsonNode preset : presets) {
            assertThat(api.get("/internal/resilience/config/presets/" + preset.path("key").asString()).status())
                    .isEqualTo(200);
        }
        assertThat(api.get("/internal/resilience/config/presets/Simple").status()).isEqualTo(404);
        assertThat(api.get("/internal/resilience/config/recommend-preset/prod-east-1").json()
                .path("recommended_preset").asString()).isEqualTo("production");
        assertThat(api.get("/internal/resilience/config/templates").json().path("templates").size()).isEqualTo(5);
        assertThat(api.get("/internal/resilience/monitoring/export?format=csv").json().path("data").asString())
                .startsWith("timestamp,metric_type");
        assertThat(api.get("/internal/resilience/monitoring/export?format=xml").status()).isEqualTo(400);
    }

    @Test
    void theBenchmarkReportsCallOverheadAgainstItsThreshold() {
        JsonNode report = api.post("/internal/resilience/performance/benchmark",
                Map.of("iterations", 5, "operations", List.of("call_overhead", "validation_performance"))).json();

        assertThat(report.path("results").size()).isEqualTo(2);
        assertThat(report.path("results").get(0).path("threshold_ms").asDouble()).isEqualTo(1.0);
        assertThat(report.path("results").get(0).path("avg_duration_ms").asDouble()).isPositive();
        assertThat(api.post("/internal/resilience/performance/benchmark", Map.of("operations", List.of("nope"))).status())
                .isEqualTo(400);
    }

    @Test
    void prometheusExposesTheOrchestratorsMeters() {
        process("sentiment", Map.of());

        Api.Reply scrape = api.withKey(null).get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("operation=\"analyze_sentiment\"");
    }
}
