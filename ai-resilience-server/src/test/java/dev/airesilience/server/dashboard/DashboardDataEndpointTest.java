package dev.airesilience.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.time.ManualClock;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /internal/dashboard/data} on a real orchestrator: an open breaker reports the time left until its
 * trial and a generic {@code rejecting} state, the window reflects the sampled counters, the timeline lists what
 * the listener saw, and a route's target also reports its quota left and last error.
 */
class DashboardDataEndpointTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().build();
    private final ManualClock sampleClock = new ManualClock();
    private final DashboardSettings settings = new DashboardSettings(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 50);
    private final Timeline timeline = new Timeline(TimeSource.system(), 50);
    private final DashboardSampler sampler = new DashboardSampler(resilience, sampleClock, sampleClock, settings);
    private final DashboardController controller;

    DashboardDataEndpointTest() {
        resilience.addListener(new DashboardListener(timeline));
        controller = new DashboardController(resilience, new LatencyHistory(resilience), sampler, timeline, settings);
    }

    @AfterEach
    void close() {
        resilience.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return (List<Map<String, Object>>) value;
    }

    private Map<String, Object> operation(Map<String, Object> body, String name) {
        return list(body.get("operations")).stream()
                .filter(op -> name.equals(op.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void aRouteTargetReportsItsQuotaLeftAndItsLastError() {
        RoutingConfig routing = RoutingConfig.builder()
                .target("primary", QuotaConfig.tokensPerMinute(1000))
                .target("secondary").build();
        String answer = resilience.operation("chat").route(routing).estimatedTokens(300).call(call -> {
            if (call.name().equals("primary")) {
                throw new TransientAIException("503 from the primary");
            }
            return "ok";
        });
        assertThat(answer).isEqualTo("ok");

        Map<String, Object> body = controller.data().getBody();

        Map<String, Object> primary = map(operation(body, "target:primary").get("target"));
        assertThat(primary).containsEntry("tokens_remaining", 1000L).containsEntry("requests_remaining", null)
                .containsEntry("last_error", "TransientAIException: 503 from the primary");
        assertThat(primary.get("last_error_at")).isNotNull();
        assertThat(map(operation(body, "target:secondary").get("target"))).containsEntry("last_error", null)
                .containsEntry("tokens_remaining", null);
        assertThat(operation(body, "chat")).doesNotContainKey("target");
    }

    @Test
    void anOpenBreakerHasACountdownARejectingStateAndTimelineEntries() throws Exception {
        ResilienceDecorator<String> chat = resilience.withResilience("chat", null, ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(1).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).recoveryTimeout(Duration.ofSeconds(60)).build())
                .build(), null);
        sampler.start();
        chat.call(() -> "ok");
        chat.call(() -> "ok");
        for (int s = 0; s < 11; s++) {
            sampleClock.advance(Duration.ofSeconds(1)); // one sample a second; the two successes leave the 10 s window
        }
        for (int i = 0; i < 2; i++) {
            catchThrowable(() -> chat.call(() -> {
                throw new TransientAIException("down");
            }));
        }
        catchThrowable(() -> chat.call(() -> "rejected"));
        sampleClock.advance(Duration.ofSeconds(1));

        Map<String, Object> body = controller.data().getBody();

        assertThat(body).containsKeys("timestamp", "healthy", "window_seconds", "sample_seconds", "operations",
                "timeline");
        assertThat(body.get("healthy")).isEqualTo(false);
        Map<String, Object> op = operation(body, "chat");
        assertThat(op.get("state")).isEqualTo("open");
        assertThat((Long) op.get("open_remaining_ms")).isBetween(50_000L, 60_000L);
        assertThat(map(op.get("rejecting"))).containsEntry("reason", "circuit_open").containsEntry("recent_rejections", 1L);
        assertThat(op.get("cooldown")).isNull();
        Map<String, Object> window = map(op.get("window"));
        assertThat(window).containsEntry("calls", 3L).containsEntry("successful", 0L).containsEntry("failed", 2L)
                .containsEntry("rejected", 1L).containsEntry("success_rate", 0.0);
        assertThat(map(op.get("lifetime"))).containsEntry("calls", 5L).containsEntry("success_rate", 40.0);
        assertThat(map(op.get("series"))).containsKeys("t", "success_rate", "requests_per_second");
        assertThat(map(op.get("latency"))).containsKeys("t", "p50_ms", "p99_ms");
        assertThat(op).as("not a route's target").doesNotContainKey("target");
        assertThat(list(body.get("timeline"))).extracting(e -> e.get("kind") + ":" + e.get("to")
                + ":" + e.get("reason")).containsExactly("rejection:null:circuit_open", "transition:open:null");
    }

    @Test
    void theServicesOperationsAreListedFirstAndIdleOnesAreClosedWithoutRates() {
        Map<String, Object> body = controller.data().getBody();

        Map<String, Object> idle = operation(body, "summarize_text");
        assertThat(idle.get("state")).isEqualTo("closed");
        assertThat(idle.get("open_remaining_ms")).isNull();
        assertThat(idle.get("rejecting")).isNull();
        assertThat(map(idle.get("window"))).containsEntry("calls", 0L);
        assertThat(map(idle.get("window")).get("success_rate")).as("no calls: no rate").isNull();
        assertThat(body.get("healthy")).isEqualTo(true);
    }
}
