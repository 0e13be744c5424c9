package dev.airesilience.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The starter in a running application, called over its real HTTP port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ai.resilience.preset=production",
        "management.endpoints.web.exposure.include=health,airesilience,prometheus",
        "management.endpoint.health.show-details=always"})
class ResilienceOverHttpTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    @Autowired
    ChatService chat;

    @Autowired
    ManualClock clock;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void healthyProvider() {
        chat.reset();
        resilience.operations().forEach(resilience::resetCircuitBreaker);
        resilience.resetMetrics();
    }

    @Test
    void anAnnotatedBeanMethodAnswersThroughTheOrchestratorUnderItsDefaultOperationName() throws Exception {
        assertThat(get("/ask?q=hello").body()).isEqualTo("answer to hello");
        assertThat(resilience.getMetrics("ChatService.ask").successfulCalls()).isEqualTo(1);
    }

    @Test
    void theFallbackMethodAnswersWhenTheProviderIsDownAndAnOpenCircuitShowsInHealthWithHttp200() throws Exception {
        chat.providerDown(true);
        assertThat(get("/ask?q=hello").body()).isEqualTo("canned answer to hello (ServiceUnavailableException)");
        assertThat(chat.askAttempts()).isEqualTo(2); // AGGRESSIVE: two attempts, the backoff slept in virtual time
        get("/ask?q=again");
        get("/ask?q=and+again"); // the third failed call opens the circuit (AGGRESSIVE threshold 3)

        assertThat(resilience.getCircuitBreaker("ChatService.ask").orElseThrow().state()).isEqualTo(CircuitState.OPEN);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("status").asString()).isEqualTo("CIRCUIT_OPEN");
        JsonNode details = body.path("components").path("airesilience").path("details");
        assertThat(details.path("healthy").asBoolean()).isFalse();
        assertThat(details.path("open_circuit_breakers").get(0).asString()).isEqualTo("ChatService.ask");

        int attemptsBefore = chat.askAttempts();
        assertThat(get("/ask?q=rejected").body()).startsWith("canned answer to rejected");
        assertThat(chat.askAttempts()).isEqualTo(attemptsBefore); // rejected without calling the provider
    }

    @Test
    void anOpenCircuitRecoversInVirtualTimeOnceTheProviderIsBack() throws Exception {
        chat.providerDown(true);
        openTheAskCircuit();
        assertThat(JSON.readTree(get("/actuator/health").body()).path("status").asString()).isEqualTo("CIRCUIT_OPEN");

        chat.providerDown(false);
        // just past the recovery timeout (AGGRESSIVE: 30 s), in virtual time
        clock.advance(ResilienceStrategy.AGGRESSIVE.config().circuitBreaker().recoveryTimeout().plusSeconds(1));
        assertThat(get("/ask?q=3").body()).isEqualTo("answer to 3"); // the half-open trial call succeeds
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void anAsynchronousMethodIsRetriedAndCompletes() throws Exception {
        chat.failNextSummaries(1);
        assertThat(get("/summarize?text=report").body()).isEqualTo("summary of report");
        assertThat(chat.summarizeAttempts()).isEqualTo(2);
        assertThat(resilience.getMetrics("summarize").successfulCalls()).isEqualTo(1);
    }

    @Test
    void theEndpointReportsMetricsResolvedConfigurationPerOperationAndHealth() throws Exception {
        get("/ask?q=hello");
        HttpResponse<String> response = get("/actuator/airesilience");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("metrics").path("operations").has("ChatService.ask")).isTrue();
        assertThat(body.path("configuration").path("resolved").path("preset_name").asString()).isEqualTo("production");
        assertThat(body.path("configuration").path("operations").has("ChatService.ask")).isTrue();
        assertThat(body.path("health").path("healthy").asBoolean()).isTrue();
    }

    @Test
    void aValidRuntimeUpdateIsApplied() throws Exception {
        HttpResponse<String> response = send("POST", "/actuator/airesilience",
                body("{\"retry_attempts\": 4, \"operation_overrides\": {\"translate\": \"critical\"}}"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("resolved").path("values").path("retry_attempts").asInt()).isEqualTo(4);
        assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 4);
        assertThat(resilience.getOperationConfig("translate").strategy().wireName()).isEqualTo("critical");
    }

    @Test
    void theBareDocumentIsTheUpdateAsInEveryOtherEndpoint() throws Exception {
        HttpResponse<String> response = send("POST", "/actuator/airesilience",
                "{\"retry_attempts\": 5, \"operation_overrides\": {\"translate\": \"aggressive\"}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 5);
        assertThat(resilience.getOperationConfig("translate").strategy().wireName()).isEqualTo("aggressive");
    }

    @Test
    void theDocumentWrappedAsAnObjectIsAcceptedToo() throws Exception {
        HttpResponse<String> response = send("POST", "/actuator/airesilience",
                "{\"configuration\": {\"retry_attempts\": 6}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 6);
    }

    @Test
    void aRejectedRuntimeUpdateAnswers400WithEveryProblemAndChangesNothing() throws Exception {
        Object before = resilience.getConfiguration().values();
        for (String request : new String[] {
                body("{\"retry_attempts\": 21, \"recovery_timeout\": 0, \"colour\": \"red\"}"),
                "{\"retry_attempts\": 21, \"recovery_timeout\": 0, \"colour\": \"red\"}"}) {
            HttpResponse<String> response = send("POST", "/actuator/airesilience", request);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.propertyNames()).containsExactly("detail", "error", "error_code", "details", "timestamp");
            assertThat(body.path("error").asString()).isEqualTo("Invalid configuration: nothing was changed");
            assertThat(body.path("error_code").asString()).as(response.body()).isEqualTo("VALIDATION_ERROR");
            JsonNode problems = body.path("details").path("problems");
            assertThat(problems.size()).isEqualTo(3);
            assertThat(problems.findValuesAsString("path")).containsExactlyInAnyOrder("$.retry_attempts", "$.recovery_timeout", "$.colour");
            assertThat(resilience.getConfiguration().values()).isEqualTo(before);
        }
    }

    @Test
    void aConfigurationThatIsNeitherObjectNorTextIsNamedInTheErrorBody() throws Exception {
        HttpResponse<String> response = send("POST", "/actuator/airesilience", "{\"configuration\": [1, 2]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error_code").asString()).as(response.body()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.path("details").path("problems").findValuesAsString("message"))
                .containsExactly("Configuration must be a JSON object, but was array");
    }

    @Test
    void deleteResetsAnOpenBreakerAndAnswers404ForAnUnknownOne() throws Exception {
        chat.providerDown(true);
        openTheAskCircuit();
        assertThat(resilience.isHealthy()).isFalse();

        HttpResponse<String> reset = send("DELETE", "/actuator/airesilience/ChatService.ask", null);
        assertThat(reset.statusCode()).isEqualTo(200);
        assertThat(resilience.isHealthy()).isTrue();
        assertThat(JSON.readTree(get("/actuator/health").body()).path("status").asString()).isEqualTo("UP");

        assertThat(send("DELETE", "/actuator/airesilience/no-such-breaker", null).statusCode()).isEqualTo(404);
    }

    @Test
    void prometheusShowsTheOrchestratorsMeters() throws Exception {
        get("/ask?q=hello");
        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("ai_resilience_call_duration_seconds_count{").contains("operation=\"ChatService.ask\"")
                .contains("resilience4j_circuitbreaker_state{name=\"ChatService.ask\"");
    }

    private void openTheAskCircuit() throws IOException, InterruptedException {
        for (int call = 1; call <= 3; call++) { // AGGRESSIVE: three failed calls open the circuit
            get("/ask?q=" + call);
        }
    }

    /** The older form: the document as JSON text under {@code configuration}. */
    private static String body(String document) {
        return JSON.writeValueAsString(java.util.Map.of("configuration", document));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
