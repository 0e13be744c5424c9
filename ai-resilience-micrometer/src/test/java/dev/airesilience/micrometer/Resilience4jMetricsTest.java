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

    /** The breaker's Resilience4j metrics are read from the operation's own, so they cannot contradict them. */
    @Test
    void resilience4jCountsAgreeWithTheOperationsMetrics() {
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry()).bindTo(registry);
        var chat = resilience.<String>withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        chat.call(() -> "ok");
        chat.call(() -> "ok");
        while (resilience.getCircuitBreaker("chat").orElseThrow().healthy()) {
            assertThatThrownBy(() -> chat.call(() -> {
                throw new ServiceUnavailableException("503");
            })).isInstanceOf(ServiceUnavailableException.class);
        }
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> chat.call(() -> "never"))
                    .isInstanceOf(dev.airesilience.exception.CircuitOpenException.class);
        }
        assertThat(chat.withFallback(context -> "canned").call(() -> "never")).isEqualTo("canned");

        var ours = resilience.getMetrics("chat");
        assertThat(registry.get("resilience4j.circuitbreaker.not.permitted.calls").tag("name", "chat")
                .counter().count()).isEqualTo(ours.rejectedCalls()).isEqualTo(5);
        assertThat(registry.get("resilience4j.circuitbreaker.buffered.calls").tags("name", "chat", "kind", "successful")
                .gauge().value()).isEqualTo(ours.successfulCalls()).isEqualTo(2);
        assertThat(registry.get("resilience4j.circuitbreaker.buffered.calls").tags("name", "chat", "kind", "failed")
                .gauge().value()).isEqualTo(ours.failedCalls()).isPositive();
        assertThat(registry.get("resilience4j.circuitbreaker.failure.rate").tag("name", "chat").gauge().value())
                .isCloseTo(ours.failedCalls() * 100.0 / (ours.failedCalls() + ours.successfulCalls()),
                        org.assertj.core.data.Offset.offset(0.01));
        assertThat(registry.get("resilience4j.circuitbreaker.calls").tags("name", "chat", "kind", "successful")
                .timer().count()).isEqualTo(ours.successfulCalls());
        assertThat(registry.get("resilience4j.circuitbreaker.calls").tags("name", "chat", "kind", "failed")
                .timer().count()).isEqualTo(ours.failedCalls());
        // getAllMetrics' circuit_breakers entry is the operation's metrics, not a second set of counts.
        assertThat(resilience.getAllMetrics().circuitBreakers().get("chat").metrics()).isEqualTo(ours);
    }
}
