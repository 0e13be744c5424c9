package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.health.CircuitState;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Wrapping an operation creates its breaker, as the seed's decorators do (§1.5, issue 13), before any call. */
class WrapTimeBreakerTest {

    @Test
    void aWrappedOperationsBreakerIsInHealthAndMetricsBeforeTheFirstCall() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            resilience.withResilience("summarize", ResilienceStrategy.AGGRESSIVE);
            resilience.withOperationResilience("qa");
            ResilienceConfig noBreaker = Orchestrators.config(3, 5).toBuilder().enableCircuitBreaker(false).build();
            resilience.withResilience("no_breaker", null, noBreaker, null);

            assertThat(resilience.getHealthStatus().totalCircuitBreakers()).isEqualTo(2);
            assertThat(resilience.getAllMetrics().circuitBreakers()).containsOnlyKeys("summarize", "qa");
            assertThat(resilience.getAllMetrics().circuitBreakers().get("summarize").state()).isEqualTo(CircuitState.CLOSED);
            assertThat(resilience.getAllMetrics().circuitBreakers().get("summarize").failureThreshold()).isEqualTo(3);
            assertThat(resilience.getAllMetrics().operations()).as("no call yet").isEmpty();
        }
    }
}
