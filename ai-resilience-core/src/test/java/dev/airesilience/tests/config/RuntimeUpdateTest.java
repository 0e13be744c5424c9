package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.*;
import dev.airesilience.config.monitoring.ConfigEvent;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeUpdateTest {

    private final ManualClock clock = new ManualClock();

    private AIServiceResilience orchestrator() {
        return AIServiceResilience.builder().clock(clock).settings(ResilienceSettings.defaults()).build();
    }

    @Test
    void updates_are_cumulative_reported_as_runtime_and_recorded_with_a_per_key_diff() {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"retry_attempts\": 4}");
            ResolvedConfiguration resolved = resilience.updateConfiguration("{\"circuit_breaker_threshold\": 9}");
            assertThat(resolved.values()).containsEntry("retry_attempts", 4).containsEntry("circuit_breaker_threshold", 9);
            assertThat(resolved.sources()).containsEntry("retry_attempts", ConfigSource.RUNTIME)
                    .containsEntry("recovery_timeout", ConfigSource.PRESET);
            List<ConfigEvent> changes = resilience.configEvents().events(null, ConfigEventType.CONFIG_CHANGE);
            assertThat(changes).hasSize(2);
            assertThat(changes.get(1).metadata().get("changes"))
                    .isEqualTo(Map.of("circuit_breaker_threshold", Map.of("old", 5, "new", 9)));
        }
    }

    @Test
    void a_rejected_update_leaves_the_configuration_exactly_as_it_was_and_is_recorded() {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"retry_attempts\": 4}");
            ResolvedConfiguration before = resilience.getConfiguration();
            ResilienceConfig opBefore = resilience.getOperationConfig("x");
            // one good key and one bad key: neither applies
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"retry_attempts\": 6, \"recovery_timeout\": 0}"))
                    .isInstanceOf(InvalidConfigurationException.class);
            // valid on its own, invalid combined with the configuration in force (min above the max of 10.0)
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"exponential_min\": 10.0, \"exponential_max\": 5.0}"))
                    .isInstanceOf(InvalidConfigurationException.class);
            assertThat(resilience.getConfiguration()).isEqualTo(before);
            assertThat(resilience.getOperationConfig("x")).isEqualTo(opBefore);
            assertThat(resilience.configEvents().usageStatistics(null).validationFailures()).isEqualTo(2);
        }
    }

    @Test
    void an_update_never_closes_an_open_circuit_and_new_parameters_apply_to_the_breaker() {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"circuit_breaker_threshold\": 2, \"enable_retry\": false}");
            ResilienceDecorator<String> decorator = resilience.withOperationResilience("chat");
            AtomicInteger invocations = new AtomicInteger();
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> decorator.call(() -> {
                    invocations.incrementAndGet();
                    throw new ServiceUnavailableException("down");
                })).isInstanceOf(ServiceUnavailableException.class);
            }
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.OPEN);

            resilience.updateConfiguration("{\"circuit_breaker_threshold\": 8, \"recovery_timeout\": 100}");
            assertThatThrownBy(() -> decorator.call(() -> {
                invocations.incrementAndGet();
                return "ok";
            })).isInstanceOf(CircuitOpenException.class);
            assertThat(invocations).hasValue(2);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().state()).isEqualTo(CircuitState.OPEN);
            assertThat(resilience.getCircuitBreaker("chat").orElseThrow().failureThreshold()).isEqualTo(8);
        }
    }

    @Test
    void concurrent_calls_each_see_one_whole_configuration_while_updates_apply() throws Exception {
        // Sleeping is a no-op so that budgets never run out; every call's attempts reveal the config it ran with.
        try (AIServiceResilience resilience = AIServiceResilience.builder().timeSource(clock).sleeper(d -> { })
                .scheduler(clock).settings(ResilienceSettings.builder()
                        .customConfig("{\"enable_circuit_breaker\": false, \"jitter_enabled\": false, \"max_delay_seconds\": 600}").build())
                .build()) {
            String a = "{\"retry_attempts\": 2, \"circuit_breaker_threshold\": 2, \"recovery_timeout\": 20}";
            String b = "{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 4, \"recovery_timeout\": 40}";
            resilience.updateConfiguration(a);
            ResilienceDecorator<String> decorator = resilience.withOperationResilience("chat");
            AtomicBoolean running = new AtomicBoolean(true);
            Set<Integer> attemptCounts = ConcurrentHashMap.newKeySet();
            Set<String> mixed = ConcurrentHashMap.newKeySet();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch started = new CountDownLatch(3);
            try {
                List<Future<?>> workers = new java.util.ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    workers.add(pool.submit(() -> {
                        started.countDown();
                        while (running.get()) {
                            ResilienceConfig seen = resilience.getOperationConfig("chat");
                            if (seen.retry().maxAttempts() != seen.circuitBreaker().failureThreshold()
                                    || seen.circuitBreaker().recoveryTimeout().toSeconds() != 10 * seen.retry().maxAttempts()) {
                                mixed.add(seen.toString());
                            }
                            AtomicInteger attempts = new AtomicInteger();
                            try {
                                decorator.call(() -> {
                                    attempts.incrementAndGet();
                                    throw new ServiceUnavailableException("busy");
                                });
                            } catch (ServiceUnavailableException expected) {
                                attemptCounts.add(attempts.get());
                            }
                        }
                        return null;
                    }));
                }
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 2_000; i++) {
                    resilience.updateConfiguration(i % 2 == 0 ? b : a);
                }
                running.set(false);
                for (Future<?> worker : workers) {
                    worker.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(mixed).isEmpty();
            assertThat(attemptCounts).isSubsetOf(2, 4).isNotEmpty();
            assertThat(resilience.configEvents().size()).isLessThanOrEqualTo(10_000);
        }
    }

    @Test
    void a_watched_file_is_reapplied_when_edited_and_an_invalid_edit_is_ignored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resilience.json");
        Files.writeString(file, "{\"retry_attempts\": 4}");
        try (AIServiceResilience resilience = orchestrator()) {
            AutoCloseable watch = resilience.watchConfiguration(file, Duration.ofSeconds(5));
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(4);

            Files.writeString(file, "{\"retry_attempts\": 6}");
            clock.advance(Duration.ofSeconds(4));
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(4);
            clock.advance(Duration.ofSeconds(1));
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(6);

            ResolvedConfiguration before = resilience.getConfiguration();
            Files.writeString(file, "{\"retry_attempts\": 60, \"oops\": true}");
            clock.advance(Duration.ofSeconds(5));
            assertThat(resilience.getConfiguration()).isEqualTo(before);
            assertThat(resilience.configEvents().usageStatistics(null).validationFailures()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(5)); // the same invalid content is not re-reported
            assertThat(resilience.configEvents().usageStatistics(null).validationFailures()).isEqualTo(1);

            Files.writeString(file, "{\"retry_attempts\": 2}");
            clock.advance(Duration.ofSeconds(5));
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(2);

            watch.close();
            Files.writeString(file, "{\"retry_attempts\": 9}");
            clock.advance(Duration.ofSeconds(20));
            assertThat(resilience.getOperationConfig("x").retry().maxAttempts()).isEqualTo(2);
        }
    }

    @Test
    void a_file_update_applies_once_and_an_invalid_file_is_rejected_at_watch_start(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("update.json");
        Files.writeString(file, "{\"operation_overrides\": {\"qa\": \"critical\"}}");
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration(file);
            assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
            Files.writeString(file, "{\"retry_attempts\": 0}");
            assertThatThrownBy(() -> resilience.watchConfiguration(file, Duration.ofSeconds(1)))
                    .isInstanceOf(InvalidConfigurationException.class);
            assertThat(clock.pendingTasks()).isZero();
        }
    }
}
