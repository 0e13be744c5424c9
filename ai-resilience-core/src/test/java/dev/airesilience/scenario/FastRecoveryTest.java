package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.event.HealthProbeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: fast outage recovery of the breaker through the facade, configured by JSON like every other key, off by
 * default, on the blocking and the asynchronous path; and the health probe registered through
 * {@link AIServiceResilience#registerHealthProbe}.
 */
class FastRecoveryTest {

    /** Every draw is 0.5: no jitter. */
    private static final RandomGenerator HALF = () -> 1L << 63;
    private static final Duration TICK = Duration.ofMillis(250);

    private final ManualClock clock = new ManualClock();
    private final List<HealthProbeEvent> probeEvents = new CopyOnWriteArrayList<>();
    private final AtomicBoolean down = new AtomicBoolean();
    private final List<Long> requests = new CopyOnWriteArrayList<>();

    private AIServiceResilience orchestrator() {
        return AIServiceResilience.builder().clock(clock).random(HALF).listener(new ResilienceListener() {
            @Override
            public void onHealthProbe(HealthProbeEvent event) {
                probeEvents.add(event);
            }
        }).build();
    }

    private String provider() {
        requests.add(clock.elapsed().toMillis());
        if (down.get()) {
            throw new ServiceUnavailableException("503 down", null, 503);
        }
        return "ok";
    }

    /** One call per 250 ms until {@code untilMillis}; the provider is down before {@code upAtMillis}. */
    private void traffic(CallPath path, ResilienceDecorator<String> decorator, long upAtMillis, long untilMillis) {
        while (clock.elapsed().toMillis() < untilMillis) {
            down.set(clock.elapsed().toMillis() < upAtMillis);
            assertThat(path.run(decorator, this::provider)).isIn("ok", "fallback");
            clock.advance(TICK);
        }
    }

    @Test
    void offByDefaultAndTheJsonKeysTurnItOnForEveryStrategy() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            CircuitBreakerConfig before = resilience.getOperationConfig("chat").circuitBreaker();
            assertThat(before.recoveryInitialInterval()).isNull();
            assertThat(before.fastRecovery()).isFalse();
            assertThat(before.recoveryMultiplier()).isEqualTo(2.0);
            assertThat(before.healthProbeInterval()).isEqualTo(Duration.ofSeconds(5));

            resilience.updateConfiguration("{\"recovery_initial_seconds\": 0.5, \"recovery_multiplier\": 3,"
                    + " \"health_probe_interval_seconds\": 2}");
            resilience.registerOperation("critical-op", ResilienceStrategy.CRITICAL);
            for (String operation : List.of("chat", "critical-op")) {
                CircuitBreakerConfig config = resilience.getOperationConfig(operation).circuitBreaker();
                assertThat(config.recoveryInitialInterval()).isEqualTo(Duration.ofMillis(500));
                assertThat(config.recoveryMultiplier()).isEqualTo(3.0);
                assertThat(config.healthProbeInterval()).isEqualTo(Duration.ofSeconds(2));
                assertThat(config.fastRecovery()).isTrue();
            }
            assertThat(resilience.getConfiguration().values()).containsEntry("recovery_initial_seconds", 0.5)
                    .containsEntry("recovery_multiplier", 3.0).containsEntry("health_probe_interval_seconds", 2.0);

            resilience.updateConfiguration("{\"recovery_initial_seconds\": 0}"); // 0: off again
            assertThat(resilience.getOperationConfig("chat").circuitBreaker().recoveryInitialInterval()).isNull();
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingFieldRangeAndValue() {
        try (AIServiceResilience resilience = Orchestrators.virtual(new ManualClock())) {
            ValidationResult multiplier = resilience.validateConfiguration("{\"recovery_multiplier\": 0.5}");
            assertThat(multiplier.errors()).singleElement().asString().contains("recovery_multiplier")
                    .contains("between 1 and 10 (inclusive)").contains("0.5");
            ValidationResult probe = resilience.validateConfiguration("{\"health_probe_interval_seconds\": 0}");
            assertThat(probe.errors()).singleElement().asString().contains("health_probe_interval_seconds")
                    .contains("between 0.001 and 3600 (inclusive)");
            ValidationResult initial = resilience.validateConfiguration("{\"recovery_initial_seconds\": -1}");
            assertThat(initial.errors()).singleElement().asString().contains("recovery_initial_seconds")
                    .contains("between 0 and 3600 (inclusive)").contains("-1");
        }
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recoveryMultiplier(11).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recoveryMultiplier must be between 1 and 10 (inclusive), but was 11.0");
        assertThatThrownBy(() -> CircuitBreakerConfig.builder().recoveryInitialInterval(Duration.ofHours(2)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recoveryInitialInterval must be between 0s and 3600s (inclusive), but was 7200s");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void anOutageIsProbedOnAGrowingIntervalAndRecoveryIsSeenWithinOneInterval(CallPath path) {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"retry_attempts\": 1, \"circuit_breaker_threshold\": 2,"
                    + " \"recovery_timeout\": 8, \"recovery_initial_seconds\": 1}");
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, null, context -> "fallback");
            traffic(path, decorator, 12_000, 20_000);

            // Opens at 0.25 s; trials after 1, 2, 4 s fail, the next period is capped at 8 s and its trial, 3.25 s
            // after the provider came back, closes the circuit; from then on every call reaches the provider.
            assertThat(requests).startsWith(0L, 250L, 1_250L, 3_250L, 7_250L, 15_250L, 15_500L);
            assertThat(requests.stream().filter(t -> t < 12_000)).hasSize(2 + 3);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
            assertThat(resilience.getMetrics("chat").circuitBreakerOpens()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void theRegisteredHealthProbeEndsTheOpenPeriodAtItsFirstHealthyRun(CallPath path) {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"retry_attempts\": 1, \"circuit_breaker_threshold\": 2,"
                    + " \"recovery_timeout\": 60, \"health_probe_interval_seconds\": 1}");
            List<Long> probes = new CopyOnWriteArrayList<>();
            resilience.registerHealthProbe("chat", () -> {
                probes.add(clock.elapsed().toMillis());
                if (down.get()) {
                    throw new ServiceUnavailableException("503 down", null, 503);
                }
                return "models";
            });
            ResilienceDecorator<String> decorator = resilience.withResilience("chat", null, null, context -> "fallback");
            traffic(path, decorator, 3_000, 3_000);

            CircuitBreakerSnapshot open = resilience.getCircuitBreaker("chat").orElseThrow();
            assertThat(open.state()).isEqualTo(CircuitState.OPEN);
            assertThat(open.openInterval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(open.healthProbe().nextProbe()).isEqualTo(clock.now().plus(Duration.ofMillis(250)));

            traffic(path, decorator, 3_000, 6_000);
            // Probes at 1.25, 2.25 s fail; at 3.25 s the provider answers: half-open, the next call is the trial.
            assertThat(probes).containsExactly(1_250L, 2_250L, 3_250L);
            assertThat(requests).startsWith(0L, 250L, 3_250L, 3_500L);
            assertThat(probeEvents).extracting(HealthProbeEvent::healthy).containsExactly(false, false, true);
            assertThat(probeEvents).allSatisfy(e -> assertThat(e.operation()).isEqualTo("chat"));
            CircuitBreakerSnapshot closed = resilience.getCircuitBreaker("chat").orElseThrow();
            assertThat(closed.state()).isEqualTo(CircuitState.CLOSED);
            assertThat(closed.healthProbe().healthy()).isEqualTo(1);
            assertThat(closed.healthProbe().failed()).isEqualTo(2);
            assertThat(closed.healthProbe().nextProbe()).isNull();
            assertThat(clock.pendingTasks()).isZero();
        }
    }

    @Test
    void aProbeNeedsAValidOperationAndACallable() {
        try (AIServiceResilience resilience = orchestrator()) {
            assertThatThrownBy(() -> resilience.registerHealthProbe("", () -> true))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> resilience.registerHealthProbe("chat", null))
                    .isInstanceOf(NullPointerException.class).hasMessage("probe must not be null");
        }
    }

    @Test
    void aClosedOrchestratorRunsNoMoreProbes() {
        AIServiceResilience resilience = orchestrator();
        resilience.updateConfiguration("{\"retry_attempts\": 1, \"circuit_breaker_threshold\": 1,"
                + " \"health_probe_interval_seconds\": 1}");
        List<Long> probes = new ArrayList<>();
        resilience.registerHealthProbe("chat", () -> probes.add(clock.elapsed().toMillis()) && false);
        down.set(true);
        CallPath.BLOCKING.run(resilience.withResilience("chat", null, (ResilienceConfig) null, context -> "fallback"),
                this::provider);
        clock.advance(Duration.ofSeconds(1));
        assertThat(probes).containsExactly(1_000L);
        resilience.close();
        clock.advance(Duration.ofSeconds(5));
        assertThat(probes).containsExactly(1_000L);
        assertThat(clock.pendingTasks()).isZero();
    }
}
