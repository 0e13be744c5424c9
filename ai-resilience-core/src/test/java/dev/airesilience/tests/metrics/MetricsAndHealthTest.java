package dev.airesilience.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.metrics.*;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class MetricsAndHealthTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);
    private final JsonMapper json = JsonMapper.builder().build();

    private void succeed(String op) {
        resilience.<String>withResilience(op, null, Orchestrators.config(1, 3), null).call(() -> "ok");
    }

    private void fail(String op) {
        assertThatThrownBy(() -> resilience.<String>withResilience(op, null, Orchestrators.config(1, 3), null).call(() -> {
            throw new ServiceUnavailableException("503");
        })).isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void serialisesTheElevenSeedKeysPlusOurExtras() {
        succeed("op");
        clock.advance(Duration.ofSeconds(1));
        fail("op");
        JsonNode node = json.valueToTree(resilience.getMetrics("op"));
        List<String> keys = new ArrayList<>();
        node.propertyNames().forEach(keys::add);
        assertThat(keys).startsWith("total_calls", "successful_calls", "failed_calls", "retry_attempts",
                "circuit_breaker_opens", "circuit_breaker_half_opens", "circuit_breaker_closes", "success_rate",
                "failure_rate", "last_failure", "last_success");
        assertThat(keys).contains("rejected_calls", "fallback_calls", "attempts", "latency");
        assertThat(node.get("success_rate").asDouble()).isEqualTo(50.0);
        assertThat(node.get("last_success").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(node.get("last_failure").asString()).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(node.get("latency").get("count").asLong()).isEqualTo(2);
    }

    @Test
    void ratesArePercentagesRoundedToTwoDecimalsAndNeverAbove100() {
        assertThat(ResilienceMetrics.of(8, 2, 0, 10, 0, 0, 0, null, null, 0, 0, LatencySnapshot.EMPTY))
                .satisfies(m -> {
                    assertThat(m.successRate()).isEqualTo(80.0);
                    assertThat(m.failureRate()).isEqualTo(20.0);
                });
        assertThat(ResilienceMetrics.of(0, 5, 0, 5, 0, 0, 0, null, null, 0, 0, LatencySnapshot.EMPTY).failureRate())
                .isEqualTo(100.0);
        assertThat(ResilienceMetrics.of(1, 2, 0, 3, 0, 0, 0, null, null, 0, 0, LatencySnapshot.EMPTY).successRate())
                .isEqualTo(33.33);
        assertThat(ResilienceMetrics.EMPTY.successRate()).isZero();
    }

    @Test
    void aFullyFailingRetriedCallCountsOnceNotPerAttempt() {
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(3, 50), null)
                .call(() -> {
                    throw new TransientAIException("x");
                })).isInstanceOf(TransientAIException.class);
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.totalCalls()).isEqualTo(1);
        assertThat(metrics.failedCalls()).isEqualTo(1);
        assertThat(metrics.failureRate()).isEqualTo(100.0);
        assertThat(metrics.attempts()).isEqualTo(3);
    }

    @Test
    void latencyIncludesBackoffAndReportsPercentiles() {
        resilience.<String>withResilience("op", null, Orchestrators.config(2, 50), null).call(new java.util.concurrent.Callable<String>() {
            int calls;

            @Override
            public String call() {
                if (calls++ == 0) {
                    throw new TransientAIException("x");
                }
                return "ok";
            }
        });
        LatencySnapshot latency = resilience.getMetrics("op").latency();
        assertThat(latency.count()).isEqualTo(1);
        assertThat(latency.maxMs()).isEqualTo(1000.0);
        assertThat(latency.p50Ms()).isBetween(800.0, 1000.0);
    }

    @Test
    void getAllMetricsHasOperationsBreakersAndASummaryThatSerialises() {
        succeed("summarize");
        succeed("summarize");
        fail("sentiment");
        AllMetrics all = resilience.getAllMetrics();
        assertThat(all.operations()).containsOnlyKeys("summarize", "sentiment");
        assertThat(all.circuitBreakers()).containsOnlyKeys("summarize", "sentiment");
        assertThat(all.summary().totalOperations()).isEqualTo(2);
        assertThat(all.summary().totalCalls()).isEqualTo(3);
        assertThat(all.summary().overallSuccessRate()).isEqualTo(66.67);
        assertThat(all.summary().healthyCircuitBreakers()).isEqualTo(2);
        JsonNode node = json.valueToTree(all);
        assertThat(node.get("circuit_breakers").get("sentiment").get("state").asString()).isEqualTo("closed");
        assertThat(node.get("circuit_breakers").get("sentiment").get("failure_threshold").asInt()).isEqualTo(3);
        assertThat(node.get("summary").get("total_calls").asLong()).isEqualTo(3);
        assertThat(node.get("operations").get("summarize").get("successful_calls").asLong()).isEqualTo(2);
    }

    @Test
    void readingAnUnknownOperationDoesNotCreateIt() {
        assertThat(resilience.getMetrics("never-called")).isEqualTo(ResilienceMetrics.EMPTY);
        assertThat(resilience.getAllMetrics().operations()).isEmpty();
        assertThat(resilience.getHealthStatus().totalOperations()).isZero();
        assertThat(resilience.operations()).isEmpty();
    }

    @Test
    void resetMetricsKeepsBreakerState() {
        fail("op");
        fail("op");
        fail("op");
        resilience.resetMetrics("op");
        assertThat(resilience.getMetrics("op").totalCalls()).isZero();
        assertThat(resilience.getCircuitBreaker("op").orElseThrow().metrics().failedCalls()).isZero();
        assertThat(resilience.isHealthy()).isFalse();
        resilience.resetMetrics("unknown");
        assertThat(resilience.operations()).containsExactly("op");
    }

    @Test
    void resetAllEmptiesOperationMetricsButKeepsBreakers() {
        succeed("a");
        fail("b");
        resilience.resetMetrics();
        assertThat(resilience.getAllMetrics().summary().totalOperations()).isZero();
        assertThat(resilience.getAllMetrics().summary().totalCircuitBreakers()).isEqualTo(2);
        succeed("a");
        assertThat(resilience.getMetrics("a").totalCalls()).isEqualTo(1);
    }

    @Test
    void healthOfAnEmptyOrchestratorIsHealthy() {
        HealthStatus health = resilience.getHealthStatus();
        assertThat(health.healthy()).isTrue();
        assertThat(health.openCircuitBreakers()).isEmpty();
        assertThat(health.halfOpenCircuitBreakers()).isEmpty();
        assertThat(health.totalCircuitBreakers()).isZero();
        assertThat(resilience.isHealthy()).isTrue();
    }

    @Test
    void healthListsOpenAndHalfOpenBreakersByName() {
        succeed("closed_op");
        for (int i = 0; i < 3; i++) {
            fail("half_open_op");
        }
        clock.advance(Duration.ofSeconds(31));
        for (int i = 0; i < 3; i++) {
            fail("open_op");
        }
        HealthStatus health = resilience.getHealthStatus();
        assertThat(health.healthy()).isFalse();
        assertThat(health.openCircuitBreakers()).containsExactly("open_op");
        assertThat(health.halfOpenCircuitBreakers()).containsExactly("half_open_op");
        assertThat(health.totalCircuitBreakers()).isEqualTo(3);
        JsonNode node = json.valueToTree(health);
        assertThat(node.get("half_open_circuit_breakers").get(0).asString()).isEqualTo("half_open_op");
        assertThat(json.valueToTree(resilience.getCircuitBreaker("half_open_op").orElseThrow()).get("state").asString())
                .isEqualTo("half-open");
    }

    @Test
    void fallbackCallsAreFailedCallsAnsweredByAFallback() {
        resilience.<String>withResilience("op", null, Orchestrators.config(1, 50), Fallback.value("fb")).call(() -> {
            throw new TransientAIException("x");
        });
        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.failedCalls()).isEqualTo(1);
        assertThat(metrics.fallbackCalls()).isEqualTo(1);
        assertThat(metrics.totalCalls()).isEqualTo(1);
    }
}
