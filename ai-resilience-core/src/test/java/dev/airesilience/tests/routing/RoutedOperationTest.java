package dev.airesilience.tests.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.routing.TargetCall;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Issue 15 through the orchestrator's fluent form: a routed operation, and its targets' state in the reports. */
class RoutedOperationTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final List<String> requests = new ArrayList<>();

    private String provider(TargetCall call) {
        String target = call.name();
        requests.add(target);
        if (target.equals("openai/gpt-4o")) {
            throw new ServiceUnavailableException("503 from " + target, null, 503);
        }
        return "summary by " + target;
    }

    @Test
    void aRoutedOperationFailsOverAndReportsEachTargetAsItsOwnOperation() {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            RoutingConfig routing = RoutingConfig.of("openai/gpt-4o", "anthropic/claude-sonnet");

            String blocking = resilience.operation("summarize").route(routing).call(this::provider);
            String async = resilience.operation("summarize").route(routing)
                    .<String>callAsync(target -> CompletableFuture.supplyAsync(() -> provider(target))).join();

            assertThat(blocking).isEqualTo("summary by anthropic/claude-sonnet");
            assertThat(async).isEqualTo(blocking);
            assertThat(requests).containsExactly("openai/gpt-4o", "anthropic/claude-sonnet", "openai/gpt-4o",
                    "anthropic/claude-sonnet");
            AllMetrics metrics = resilience.getAllMetrics();
            assertThat(metrics.operations().get("summarize").successfulCalls()).isEqualTo(2);
            assertThat(metrics.operations().get("target:openai/gpt-4o").failedCalls()).isEqualTo(2);
            assertThat(metrics.operations().get("target:anthropic/claude-sonnet").successfulCalls()).isEqualTo(2);
            assertThat(metrics.circuitBreakers()).containsKey("target:openai/gpt-4o");
        }
    }

    @Test
    void aFallbackAnswersARoutedCallWhoseTargetsAllFail() {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            String answer = resilience.operation("summarize").route(RoutingConfig.of("openai/gpt-4o"))
                    .call(this::provider, context -> "fallback: " + context.reason());

            assertThat(answer).isEqualTo("fallback: RETRIES_EXHAUSTED");
            assertThat(requests).hasSize(resilience.operation("summarize").route(RoutingConfig.of("x"))
                    .currentConfig().retry().maxAttempts());
        }
    }
}
