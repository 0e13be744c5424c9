package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.SharedContext;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10 item 16: a runtime configuration update is lost on restart, and the answer to it now says so. Declares
 * the {@link SharedContext} configuration; the update repeats the strategy the service already gives summarize.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class RuntimeConfigurationNotPersistedTest {

    @LocalServerPort
    int port;

    @Test
    void theAnswerToARuntimeUpdateSaysItIsNotPersisted() {
        Api api = new Api(port, SharedContext.KEY);

        Api.Reply reply = api.put("/internal/resilience/config",
                Map.of("operation_overrides", Map.of("summarize_text", "balanced")));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("persisted").isBoolean()).isTrue();
        assertThat(body.path("persisted").asBoolean()).isFalse();
        assertThat(body.path("note").asString()).contains("until the service restarts")
                .contains("RESILIENCE_CUSTOM_CONFIG");
        assertThat(body.path("configuration").path("operation_strategies").path("summarize_text").asString())
                .isEqualTo("balanced");
    }
}
