package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The service exactly as the README's main-job command starts it: no API key, no environment variables, the
 * starter's auto-configured orchestrator from application.properties (preset {@code simple}), and no test
 * replacement of any bean.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultStartupTest {

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    @Test
    void startsOnTheStartersOrchestratorWithTheSimplePresetAndTheOriginalStrategies() {
        assertThat(resilience.getConfiguration().presetName()).isEqualTo("simple");
        assertThat(resilience.getOperationConfig("analyze_sentiment").strategy()).isEqualTo(ResilienceStrategy.AGGRESSIVE);
        assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(ResilienceStrategy.CONSERVATIVE);

        Api api = new Api(port, null);
        Api.Reply answer = api.post("/v1/text/process",
                Map.of("operation", "sentiment", "text", "The service was fast and reliable. Users love it."));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("metadata").get("service_status").asString()).isEqualTo("ok");
        assertThat(api.get("/actuator/health").status()).isEqualTo(200);
        assertThat(api.get("/internal/resilience/health").json().get("healthy").asBoolean()).isTrue();
    }
}
