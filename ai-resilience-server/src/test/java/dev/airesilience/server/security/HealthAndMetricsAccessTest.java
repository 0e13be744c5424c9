package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.SharedContext;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Issue 10 item 25, defaults ({@code public-health} and {@code public-metrics} true): with an API key configured,
 * probes and scrapers need no key, but health details (which name open breakers) show only to a keyed caller.
 * Declares the {@link SharedContext} configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class HealthAndMetricsAccessTest {

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    @AfterEach
    void calm() {
        Api keyed = new Api(port, SharedContext.KEY);
        keyed.put("/internal/chaos", Map.of("reset", true));
        resilience.resetCircuitBreaker("analyze_sentiment");
    }

    /** Opens the sentiment breaker (AGGRESSIVE under FastResilience: 3 failed calls). */
    private void openTheSentimentBreaker(Api keyed) {
        assertThat(keyed.put("/internal/chaos", Map.of("outage_seconds", 60)).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            keyed.post("/v1/text/process", Map.of("operation", "sentiment", "text", "Down again."));
        }
        assertThat(resilience.getCircuitBreaker("analyze_sentiment").orElseThrow().state().wireName()).isEqualTo("open");
    }

    @Test
    void anonymousHealthGivesTheStatusButNotTheDetailsThatNameOpenBreakers() {
        Api anonymous = new Api(port, null);
        Api keyed = new Api(port, SharedContext.KEY);
        openTheSentimentBreaker(keyed);

        Api.Reply probe = anonymous.get("/actuator/health");
        Api.Reply wrongKey = anonymous.withKey("not-the-key").get("/actuator/health");
        Api.Reply detailed = keyed.get("/actuator/health");

        assertThat(probe.status()).isLessThan(500).isNotIn(401, 403);
        assertThat(probe.json().has("status")).isTrue();
        assertThat(probe.json().has("components")).as(probe.body()).isFalse();
        assertThat(probe.body()).doesNotContain("analyze_sentiment");
        assertThat(wrongKey.body()).doesNotContain("analyze_sentiment");
        assertThat(detailed.json().has("components")).as(detailed.body()).isTrue();
        assertThat(detailed.body()).contains("analyze_sentiment");
        assertThat(anonymous.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusIsOpenByDefaultAndOtherActuatorPathsNeedAKey() {
        Api anonymous = new Api(port, null);

        assertThat(anonymous.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator").status()).isEqualTo(401);
        assertThat(anonymous.withKey(SharedContext.KEY).get("/actuator").status()).isEqualTo(200);
    }
}
