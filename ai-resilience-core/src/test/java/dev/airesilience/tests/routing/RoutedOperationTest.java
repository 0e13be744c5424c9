package dev.airesilience.tests.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.TargetSnapshot;
import dev.airesilience.quota.QuotaRemaining;
import dev.airesilience.quota.Usage;
import dev.airesilience.routing.TargetCall;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
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
    void eachTargetsBreakerCooldownQuotaAndLastErrorAreInTheMetricsAndACooldownIsInTheHealthStatus() {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            RoutingConfig routing = RoutingConfig.builder()
                    .target("openai/gpt-4o")
                    .target("anthropic/claude-sonnet", QuotaConfig.tokensPerMinute(1000))
                    .target("spare")
                    .build();
            String answer = resilience.operation("summarize").route(routing).estimatedTokens(300).call(call -> {
                requests.add(call.name());
                if (call.name().equals("openai/gpt-4o")) {
                    throw new ServiceUnavailableException("503 from " + call.name(), null, 503);
                }
                if (call.name().equals("anthropic/claude-sonnet")) {
                    call.reportUsage(Usage.tokens(100));
                    throw new RateLimitException("429 requests per day", Duration.ofSeconds(20));
                }
                return "summary by " + call.name();
            });

            assertThat(answer).isEqualTo("summary by spare");
            AllMetrics metrics = resilience.getAllMetrics();
            TargetSnapshot openai = metrics.targets().get("openai/gpt-4o");
            assertThat(openai.circuitState()).isEqualTo(CircuitState.CLOSED);
            assertThat(openai.lastError()).isEqualTo("ServiceUnavailableException: 503 from openai/gpt-4o");
            assertThat(openai.lastErrorAt()).isEqualTo(clock.now());
            assertThat(openai.cooldownUntil()).isNull();
            assertThat(openai.tokensRemaining()).as("no quota").isNull();
            TargetSnapshot anthropic = metrics.targets().get("anthropic/claude-sonnet");
            assertThat(anthropic.cooldownUntil()).isEqualTo(clock.now().plusSeconds(20));
            assertThat(anthropic.tokensRemaining()).as("a 429 keeps what the request reserved").isEqualTo(700);
            assertThat(anthropic.requestsRemaining()).isNull();
            assertThat(anthropic.unavailable()).isTrue();
            assertThat(metrics.targets().get("spare").lastError()).isNull();
            assertThat(metrics.cooldowns()).containsOnlyKeys("target:anthropic/claude-sonnet");
            assertThat(resilience.getHealthStatus().coolingDown()).containsExactly("target:anthropic/claude-sonnet");
            assertThat(resilience.getHealthStatus().healthy()).as("a rate limit is not an outage").isTrue();
            assertThat(resilience.getCooldownRemaining("target:anthropic/claude-sonnet")).isEqualTo(Duration.ofSeconds(20));
            assertThat(resilience.getQuotaRemaining("anthropic/claude-sonnet")).get()
                    .isEqualTo(new QuotaRemaining(-1, 700));
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
