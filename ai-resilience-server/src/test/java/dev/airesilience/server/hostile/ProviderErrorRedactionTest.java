package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.ResilienceServerApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10 item 15: a provider that quotes keys in its error bodies leaked them into 503 {@code details.reason},
 * batch results and WARN lines. The simulator's {@code error_message} chaos setting plays that provider; every
 * log line (root logger, {@code dev.airesilience} at DEBUG, exception chains) and every answer of the service
 * is scanned for the keys. The chaos API's own echo of {@code error_message} is not scanned: it answers with
 * what the test put there.
 */
class ProviderErrorRedactionTest {

    static final String SERVICE_KEY = "svc-key-Redaction-Q1w2E3";
    /** Short and plain, so only the configured-key rule can catch it. */
    static final String PROVIDER_KEY = "pk-Quoted-5t6y";
    static final String SK_KEY = "sk-live-Abc123Def456Ghi789";
    static final String BEARER_TOKEN = "tok-Xyz987Wvu654";
    static final String RANDOM_TOKEN = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0";
    static final List<String> SECRETS = List.of(PROVIDER_KEY, SK_KEY, BEARER_TOKEN, RANDOM_TOKEN, SERVICE_KEY);
    static final String QUOTING_PROVIDER = "Incorrect API key provided: " + PROVIDER_KEY + ". Your request had "
            + "'Authorization: Bearer " + BEARER_TOKEN + "'; keys look like " + SK_KEY + ". Request id " + RANDOM_TOKEN;

    record Run(List<Api.Reply> replies, List<ILoggingEvent> events) {
        List<String> leaks() {
            List<String> found = new ArrayList<>();
            for (Api.Reply reply : replies) {
                for (String secret : SECRETS) {
                    if (reply.body().contains(secret) || reply.raw().headers().map().toString().contains(secret)) {
                        found.add("response " + reply.raw().request().uri().getPath() + " contains " + secret);
                    }
                }
            }
            for (ILoggingEvent event : events) {
                for (String text : NoSecretsInLogsOrResponsesTest.texts(event)) {
                    for (String secret : SECRETS) {
                        if (text != null && text.contains(secret)) {
                            found.add("log line contains " + secret + ": " + text);
                        }
                    }
                }
            }
            return found;
        }
    }

    /** Runs the service with a provider that quotes keys in every error body, through the failure paths. */
    private static Run run(String... extraProperties) {
        NoSecretsInLogsOrResponsesTest.Capture capture = new NoSecretsInLogsOrResponsesTest.Capture();
        List<Api.Reply> replies = new ArrayList<>();
        try {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResilienceServerApplication.class,
                    FastResilience.class).listeners(capture).registerShutdownHook(false)
                    .properties("server.port=0", "API_KEY=" + SERVICE_KEY, "AI_API_KEY=" + PROVIDER_KEY,
                            "airesilience.server.attempt-timeout=2s", "spring.jmx.enabled=false")
                    .properties(extraProperties).run()) {
                Api api = new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")), SERVICE_KEY);
                // Chaos answers are not recorded: they echo error_message back on purpose.
                assertThat(api.put("/internal/chaos", Map.of("error_message", QUOTING_PROVIDER, "fail_next", 100,
                        "status_mix", Map.of("503", 1))).status()).isEqualTo(200);
                replies.add(api.post("/v1/text/process", Map.of("operation", "summarize", "text", "Some text.",
                        "options", Map.of("allow_degraded", false))));
                replies.add(api.post("/v1/text/process", Map.of("operation", "summarize", "text", "Some text.")));
                replies.add(api.post("/v1/text/batch", Map.of("requests", List.of(Map.of("operation", "questions",
                        "text", "Some text.", "options", Map.of("allow_degraded", false))))));
                assertThat(api.put("/internal/chaos", Map.of("reset", true, "error_message", QUOTING_PROVIDER,
                        "fail_next", 100, "status_mix", Map.of("400", 1))).status()).isEqualTo(200);
                replies.add(api.post("/v1/text/process", Map.of("operation", "sentiment", "text", "Some text.")));
                replies.add(api.post("/v1/text/batch", Map.of("requests", List.of(Map.of("operation", "key_points",
                        "text", "Some text.")))));
                for (String path : List.of("/internal/resilience/metrics", "/internal/resilience/circuit-breakers",
                        "/internal/dashboard/data", "/internal/chaos/requests", "/actuator/health", "/actuator/prometheus")) {
                    replies.add(api.get(path));
                }
            }
        } finally {
            capture.detach();
        }
        return new Run(replies, new ArrayList<>(capture.appender.list));
    }

    @Test
    void byDefaultClientsGetTheProviderStatusOnlyAndNoKeyReachesAnyAnswerOrLogLine() {
        Run run = run();

        JsonNode unavailable = run.replies().get(0).json();
        JsonNode batch = run.replies().get(2).json();
        JsonNode refused = run.replies().get(3).json();
        JsonNode refusedItem = run.replies().get(4).json().path("results").get(0);
        assertThat(run.replies().get(0).status()).isEqualTo(503);
        assertThat(unavailable.path("details").path("reason").asString()).isEqualTo("AI provider answered HTTP 503");
        assertThat(batch.path("results").get(0).path("error").asString()).isEqualTo("AI provider answered HTTP 503");
        assertThat(run.replies().get(3).status()).isEqualTo(502);
        assertThat(refused.path("details").path("reason").asString()).isEqualTo("AI provider answered HTTP 400");
        assertThat(refusedItem.path("error").asString()).isEqualTo("AI provider answered HTTP 400");
        assertThat(run.events()).as("the provider's text reached the WARN lines, redacted")
                .anyMatch(event -> event.getLevel() == Level.WARN
                        && event.getFormattedMessage().contains("Incorrect API key provided: [REDACTED]"));
        assertThat(run.leaks()).isEmpty();
    }

    @Test
    void withEchoingOnClientsGetTheRedactedProviderText() {
        Run run = run("airesilience.server.echo-provider-errors=true");

        // summarize routes over two models: the reason quotes each model's (redacted) answer
        String reason = run.replies().get(0).json().path("details").path("reason").asString();
        assertThat(reason).startsWith("Every target operation 'summarize_text' tried failed: simulated-gpt: "
                        + "AI provider answered HTTP 503: ").contains("simulated-gpt-mini: AI provider answered HTTP 503: ")
                .contains("Incorrect API key provided: [REDACTED]")
                .contains("Bearer [REDACTED]").contains("keys look like [REDACTED]").contains("Request id [REDACTED]");
        assertThat(run.replies().get(4).json().path("results").get(0).path("error").asString())
                .startsWith("AI provider answered HTTP 400: ").contains("[REDACTED]");
        assertThat(run.leaks()).isEmpty();
    }
}
