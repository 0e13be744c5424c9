package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.time.ManualClock;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Resilience4j's own binder works unchanged on {@code resilience.circuitBreakerRegistry()}. */
class Resilience4jMetricsTest {

    private final AIServiceResilience resilience =
            AIServiceResilience.builder().clock(new ManualClock()).random(new Random(5)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        resilience.close();
    }

    private double r4jState(String operation, String state) {
        Gauge gauge = registry.find("resilience4j.circuitbreaker.state").tags("name", operation, "state", state).gauge();
        assertThat(gauge).as("resilience4j.circuitbreaker.state of %s", operation).isNotNull();
        return gauge.value();
    }

    @Test
    void taggedCircuitBreakerMetricsSeeOurBreakersIncludingOnesCreatedAfterBinding() {
        resilience.withOperationResilience("before").call(() -> "ok");

        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry()).bindTo(registry);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> resilience.<String>withResilience("after", ResilienceStrategy.AGGRESSIVE).call(() -> {
                throw new ServiceUnavailableException("503");
            })).isInstanceOf(ServiceUnavailableException.class);
        }

        assertThat(r4jState("before", "closed")).isEqualTo(1);
        assertThat(r4jState("after", "open")).isEqualTo(1);
        assertThat(r4jState("after", "closed")).isEqualTo(0);
        assertThat(registry.find("resilience4j.circuitbreaker.calls").tag("name", "after").meters()).isNotEmpty();
    }

    @Test
    void breakerRebuiltForANewConfigurationStaysVisibleToResilience4jMetrics() {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry()).bindTo(registry);
        resilience.withOperationResilience("chat").call(() -> "ok");

        resilience.registerOperation("chat", ResilienceStrategy.AGGRESSIVE); // new breaker config: rebuilt
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> resilience.<String>withOperationResilience("chat").call(() -> {
                throw new ServiceUnavailableException("503");
            })).isInstanceOf(ServiceUnavailableException.class);
        }

        assertThat(r4jState("chat", "open")).isEqualTo(1);
    }
}
