package dev.airesilience.tests.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.RoutedOperation;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.routing.TargetCall;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 15: {@code operation(...).route()} takes the route configured for the operation ({@code routes}) at each call. */
class ConfiguredRouteTest {

    private final ManualClock clock = new ManualClock();
    private final List<String> requests = new ArrayList<>();

    private String provider(TargetCall call) {
        requests.add(call.name());
        if (call.name().equals("openai/gpt-4o")) {
            throw new ServiceUnavailableException("503 from " + call.name(), null, 503);
        }
        return "summary by " + call.name();
    }

    private AIServiceResilience orchestrator(String customConfig) {
        return AIServiceResilience.builder().clock(clock)
                .settings(ResilienceSettings.builder().customConfig(customConfig).build()).build();
    }

    @Test
    void aCallThroughRouteGoesToTheConfiguredTargetsInOrder() {
        try (AIServiceResilience resilience = orchestrator("{\"routes\": {\"summarize\": {\"targets\": ["
                + "{\"name\": \"openai/gpt-4o\"}, {\"name\": \"anthropic/claude-sonnet\"}, {\"name\": \"spare\"}]}}}")) {
            String blocking = resilience.operation("summarize").route().call(this::provider);
            String async = resilience.operation("summarize").route()
                    .<String>callAsync(call -> CompletableFuture.completedFuture(provider(call))).join();

            assertThat(blocking).isEqualTo("summary by anthropic/claude-sonnet");
            assertThat(async).isEqualTo(blocking);
            assertThat(requests).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet", "openai/gpt-4o",
                    "anthropic/claude-sonnet");
            assertThat(resilience.getAllMetrics().operations().get("target:anthropic/claude-sonnet").successfulCalls())
                    .isEqualTo(2);
        }
    }

    @Test
    void aRuntimeUpdateAppliesToTheNextCallOfARoutedOperationAlreadyBuilt() {
        try (AIServiceResilience resilience = orchestrator("{\"routes\": {\"summarize\": {\"targets\": ["
                + "{\"name\": \"first\"}]}, \"chat\": {\"targets\": [{\"name\": \"chat-model\"}]}}}")) {
            RoutedOperation summarize = resilience.operation("summarize").route();
            assertThat(summarize.call(this::provider)).isEqualTo("summary by first");

            resilience.updateConfiguration("{\"routes\": {\"summarize\": {\"targets\": [{\"name\": \"second\"}]}}}");

            assertThat(summarize.routing()).isEqualTo(RoutingConfig.of("second"));
            assertThat(summarize.call(this::provider)).isEqualTo("summary by second");
            assertThat(resilience.operation("chat").route().call(this::provider)).isEqualTo("summary by chat-model");
            assertThat(requests).containsExactly("first", "second", "chat-model");
        }
    }

    @Test
    void aConfiguredQuotaHoldsTheTargetBack() {
        try (AIServiceResilience resilience = orchestrator("{\"routes\": {\"summarize\": {\"targets\": ["
                + "{\"name\": \"primary\", \"requests_per_minute\": 1}, {\"name\": \"secondary\"}]}}}")) {
            RoutedOperation summarize = resilience.operation("summarize").route();

            assertThat(summarize.call(this::provider)).isEqualTo("summary by primary");
            assertThat(summarize.call(this::provider)).as("one request per minute: the primary's is spent")
                    .isEqualTo("summary by secondary");
            assertThat(requests).containsExactly("primary", "secondary");
        }
    }

    @Test
    void anExplicitRouteWinsOverTheConfiguredOne() {
        try (AIServiceResilience resilience = orchestrator("{\"routes\": {\"summarize\": {\"targets\": ["
                + "{\"name\": \"configured\"}]}}}")) {
            String answer = resilience.operation("summarize").route(RoutingConfig.of("explicit")).call(this::provider);

            assertThat(answer).isEqualTo("summary by explicit");
            assertThat(requests).containsExactly("explicit");
        }
    }

    @Test
    void withoutAConfiguredRouteACallThrowsNamingTheOperationAndBothWaysToGiveOne() {
        try (AIServiceResilience resilience = orchestrator("{\"retry_attempts\": 2}")) {
            RoutedOperation summarize = resilience.operation("summarize").route().estimatedTokens(100);

            assertThatThrownBy(() -> summarize.call(this::provider)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("'summarize'").hasMessageContaining("routes.summarize")
                    .hasMessageContaining("RoutingConfig");
            assertThatThrownBy(() -> summarize.callAsync(call -> CompletableFuture.completedFuture(provider(call))))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("routes.summarize");
            assertThatThrownBy(summarize::routing).isInstanceOf(IllegalStateException.class);
            assertThat(requests).isEmpty();

            // configured later: the same routed operation now calls it; removed again: it throws again
            resilience.updateConfiguration("{\"routes\": {\"summarize\": {\"targets\": [{\"name\": \"late\"}]}}}");
            assertThat(summarize.call(this::provider)).isEqualTo("summary by late");
            resilience.updateConfiguration("{\"routes\": {\"summarize\": null}}");
            assertThatThrownBy(() -> summarize.call(this::provider)).isInstanceOf(IllegalStateException.class);
            assertThat(requests).containsExactly("late");
        }
    }
}
