package dev.airesilience.server.internalapi;

import java.time.Duration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.TransientAIException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /internal/resilience/dashboard} (seed §7.2) on a fresh orchestrator, so the numbers are exact: the
 * success rate in percent with 2 decimals (0 without calls), the alerts (open breakers, then the high failure
 * rate, never {@code null}), the operations with metrics.
 */
class DashboardDataTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().build();
    private final ResilienceApiController controller = new ResilienceApiController(resilience, JsonMapper.builder().build());

    @AfterEach
    void close() {
        resilience.close();
    }

    /** One attempt per call; the breaker opens after {@code threshold} failures. */
    private ResilienceDecorator<String> operation(String name, int threshold) {
        ResilienceConfig config = ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(1).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(threshold).recoveryTimeout(Duration.ofSeconds(300)).build())
                .build();
        return resilience.withResilience(name, null, config, null);
    }

    private static void fail(ResilienceDecorator<String> decorator, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(catchThrowable(() -> decorator.call(() -> {
                throw new TransientAIException("provider down");
            }))).isNotNull();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> data, String key) {
        return (List<Object>) data.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> data, String key) {
        return (Map<String, Object>) data.get(key);
    }

    @Test
    void withoutCallsEverythingIsZeroAndThereAreNoAlerts() {
        Map<String, Object> data = controller.dashboard();

        assertThat(data).containsOnlyKeys("timestamp", "health", "performance", "operations", "alerts", "summary");
        assertThat(section(data, "health")).containsEntry("overall_healthy", true).containsEntry("open_circuit_breakers", 0)
                .containsEntry("half_open_circuit_breakers", 0).containsEntry("total_circuit_breakers", 0);
        assertThat(section(data, "performance")).containsEntry("total_calls", 0L).containsEntry("successful_calls", 0L)
                .containsEntry("failed_calls", 0L).containsEntry("retry_attempts", 0L).containsEntry("success_rate", 0.0);
        assertThat(list(data, "operations")).isEmpty();
        assertThat(list(data, "alerts")).isEmpty();
    }

    @Test
    void theSuccessRateIsAPercentageWithTwoDecimals() throws Exception {
        ResilienceDecorator<String> mixed = operation("mixed", 100);
        mixed.call(() -> "ok");
        mixed.call(() -> "ok");
        fail(mixed, 1);

        Map<String, Object> data = controller.dashboard();

        assertThat(section(data, "performance")).containsEntry("total_calls", 3L).containsEntry("successful_calls", 2L)
                .containsEntry("failed_calls", 1L).containsEntry("success_rate", 66.67);
        assertThat(list(data, "operations")).containsExactly("mixed");
        assertThat(list(data, "alerts")).as("3 calls are too few for the failure-rate alert").isEmpty();
    }

    @Test
    void anOpenBreakerAndAHighFailureRateAreAlertsInTheSeedsWordsAndOrder() {
        fail(operation("breaks", 1), 1);
        fail(operation("flaky", 100), 11);

        Map<String, Object> data = controller.dashboard();

        assertThat(list(data, "alerts")).containsExactly("Circuit breaker open: breaks", "High failure rate detected");
        assertThat(section(data, "health")).containsEntry("overall_healthy", false).containsEntry("open_circuit_breakers", 1)
                .containsEntry("total_circuit_breakers", 2);
        assertThat(list(data, "operations")).containsExactly("breaks", "flaky");
    }
}
