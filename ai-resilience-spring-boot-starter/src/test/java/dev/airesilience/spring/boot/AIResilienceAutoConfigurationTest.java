package dev.airesilience.spring.boot;

import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceEndpointAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceHealthAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceMetricsAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.OperationLimitExceededException;
import dev.airesilience.micrometer.ResilienceMeterBinder;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.spring.boot.actuate.AIResilienceEndpoint;
import dev.airesilience.spring.boot.actuate.AIResilienceHealthIndicator;
import dev.airesilience.spring.boot.internal.ResilientBeanPostProcessor;
import dev.airesilience.time.ManualClock;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class AIResilienceAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class,
                    AIResilienceHealthAutoConfiguration.class, AIResilienceEndpointAutoConfiguration.class,
                    AIResilienceMetricsAutoConfiguration.class));

    @Test
    void createsTheOrchestratorAndEveryIntegrationByDefault() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=health,airesilience").run(context -> {
            assertThat(context).hasSingleBean(AIServiceResilience.class);
            assertThat(context).hasSingleBean(ResilientBeanPostProcessor.class);
            assertThat(context).hasSingleBean(AIResilienceHealthIndicator.class);
            assertThat(context).hasSingleBean(AIResilienceEndpoint.class);
            assertThat(context).hasSingleBean(ResilienceMeterBinder.class);
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getConfiguration().presetName()).isNull(); // no settings: the strategy table
            assertThat(resilience.getOperationConfig("anything").strategy()).isEqualTo(ResilienceStrategy.BALANCED);
        });
    }

    @Test
    void theEndpointIsOnlyCreatedWhenExposed() {
        runner.run(context -> assertThat(context).hasSingleBean(AIServiceResilience.class).doesNotHaveBean(AIResilienceEndpoint.class));
    }

    @Test
    void aUserDefinedOrchestratorWinsAndTheIntegrationsUseIt() {
        runner.withUserConfiguration(UserOrchestrator.class).withPropertyValues("ai.resilience.preset=production")
                .run(context -> {
                    assertThat(context).hasSingleBean(AIServiceResilience.class);
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience).isSameAs(context.getBean(UserOrchestrator.class).resilience);
                    assertThat(resilience.getConfiguration().presetName()).isNull(); // properties did not apply
                    assertThat(context).hasSingleBean(AIResilienceHealthIndicator.class);
                });
    }

    @Test
    void disabledByPropertyCreatesNothing() {
        runner.withPropertyValues("ai.resilience.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(AIServiceResilience.class);
            assertThat(context).doesNotHaveBean(AIResilienceHealthIndicator.class);
            assertThat(context).doesNotHaveBean(ResilienceMeterBinder.class);
        });
    }

    @Test
    void anEmptyCustomConfigPlaceholderMeansNoCustomConfig() {
        // What an application writes to pass an optional variable through: ${RESILIENCE_CUSTOM_CONFIG:}
        runner.withPropertyValues("ai.resilience.preset=simple", "ai.resilience.custom-config=").run(context -> {
            assertThat(context).hasNotFailed();
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getConfiguration().presetName()).isEqualTo("simple");
            assertThat(resilience.getConfiguration().sourceOf("retry_attempts")).isEqualTo(ConfigSource.PRESET);
        });
    }

    @Test
    void presetCustomConfigJsonAndMaxOperationsAreApplied() {
        runner.withPropertyValues("ai.resilience.preset=production",
                "ai.resilience.custom-config={\"retry_attempts\": 4, \"operation_overrides\": {\"summarize_text\": \"aggressive\"}}",
                "ai.resilience.max-operations=2").run(context -> {
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().presetName()).isEqualTo("production");
                    assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 4);
                    assertThat(resilience.getConfiguration().sourceOf("retry_attempts")).isEqualTo(ConfigSource.CUSTOM);
                    assertThat(resilience.getOperationConfig("summarize_text").strategy()).isEqualTo(ResilienceStrategy.AGGRESSIVE);
                    resilience.withOperationResilience("one").call(() -> "a");
                    resilience.withOperationResilience("two").call(() -> "b");
                    assertThatThrownBy(() -> resilience.withOperationResilience("three").call(() -> "c"))
                            .isInstanceOf(OperationLimitExceededException.class);
                });
    }

    @Test
    void customConfigGivenAsNestedPropertiesIsTypedAndApplied() {
        runner.withPropertyValues("ai.resilience.custom-config.retry-attempts=6",
                "ai.resilience.custom-config.jitter-enabled=false",
                "ai.resilience.custom-config.exponential-multiplier=2.5",
                "ai.resilience.custom-config.operation_overrides.[answer_question]=critical").run(context -> {
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().presetName()).isEqualTo("simple");
                    assertThat(resilience.getConfiguration().values())
                            .containsEntry("retry_attempts", 6)
                            .containsEntry("jitter_enabled", false)
                            .containsEntry("exponential_multiplier", 2.5);
                    assertThat(resilience.getOperationConfig("answer_question").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
                });
    }

    @Test
    void operationStrategyJoinsTheCustomOverridesAndItsOwnKeysArePinned() {
        runner.withPropertyValues("ai.resilience.custom-config={\"retry_attempts\": 4}",
                "ai.resilience.operations.chat.strategy=critical",
                "ai.resilience.operations.chat.retry-attempts=9",
                "ai.resilience.operations.chat.recovery-timeout=45",
                "ai.resilience.operations.translate.strategy=AGGRESSIVE").run(context -> {
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().operationOverrides())
                            .containsEntry("chat", ResilienceStrategy.CRITICAL)
                            .containsEntry("translate", ResilienceStrategy.AGGRESSIVE);
                    assertThat(resilience.getConfiguration().operationOverrideSources()).containsEntry("chat", ConfigSource.CUSTOM);
                    assertThat(resilience.getOperationConfig("chat").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
                    assertThat(resilience.getOperationConfig("chat").retry().maxAttempts()).isEqualTo(9);
                    assertThat(resilience.getOperationConfig("chat").circuitBreaker().recoveryTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
                    assertThat(resilience.getOperationConfig("chat").circuitBreaker().failureThreshold())
                            .isEqualTo(ResilienceStrategy.CRITICAL.config().circuitBreaker().failureThreshold());
                    assertThat(resilience.getOperationConfig("translate").retry().maxAttempts())
                            .isEqualTo(ResilienceStrategy.AGGRESSIVE.config().retry().maxAttempts());
                });
    }

    @Test
    void anInvalidCustomConfigStartsOnThePresetAndReportsItInHealth() {
        runner.withPropertyValues("ai.resilience.preset=production",
                "ai.resilience.custom-config={\"retry_attempts\": 11, \"colour\": \"red\"}").run(context -> {
            assertThat(context).hasNotFailed();
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getConfiguration().presetName()).isEqualTo("production");
            assertThat(resilience.getOperationConfig("chat").retry().maxAttempts()).isNotEqualTo(11);
            assertThat(resilience.getHealthStatus().configurationProblems())
                    .anySatisfy(problem -> assertThat(problem).contains("retry_attempts"))
                    .anySatisfy(problem -> assertThat(problem).contains("colour"));
        });
    }

    @Test
    void anInvalidCustomConfigFailsStartupWithEveryProblemInStrictMode() {
        runner.withPropertyValues("ai.resilience.strict-configuration=true",
                "ai.resilience.custom-config={\"retry_attempts\": 21, \"colour\": \"red\"}").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("ai.resilience.custom-config")
                    .contains("retry_attempts").contains("21").contains("between 1 and 20")
                    .contains("colour");
        });
    }

    @Test
    void anInvalidOperationKeyFailsStartupNamingTheProperty() {
        runner.withPropertyValues("ai.resilience.operations.chat.retry-attempts=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .contains("ai.resilience.operations.chat.retry-attempts").contains("retry_attempts").contains("0")
                    .contains("between 1 and 20");
        });
    }

    @Test
    void anUnknownPresetFailsStartupNamingTheProperty() {
        runner.withPropertyValues("ai.resilience.preset=turbo").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure())).contains("ai.resilience.preset").contains("turbo")
                    .contains("simple, development, production");
        });
    }

    @Test
    void customizersReceiveTheBuilderSoTestsCanInjectAManualClock() {
        ManualClock clock = new ManualClock();
        runner.withBean(AIServiceResilienceCustomizer.class, () -> builder -> builder.clock(clock)).run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            clock.advance(Duration.ofHours(1));
            assertThat(resilience.getHealthStatus().timestamp()).isEqualTo(clock.now());
        });
    }

    @Test
    void theConfigFileIsAppliedWatchedInVirtualTimeAndUnwatchedOnShutdown(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resilience.json");
        Files.writeString(file, "{\"retry_attempts\": 3}");
        ManualClock clock = new ManualClock();
        AIServiceResilience[] captured = new AIServiceResilience[1];
        runner.withBean(AIServiceResilienceCustomizer.class, () -> builder -> builder.clock(clock))
                .withPropertyValues("ai.resilience.config-file=" + file, "ai.resilience.config-watch.enabled=true",
                        "ai.resilience.config-watch.poll-interval=2s")
                .run(context -> {
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    captured[0] = resilience;
                    assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 3);
                    Files.writeString(file, "{\"retry_attempts\": 6}");
                    clock.advance(Duration.ofSeconds(2));
                    assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 6);
                });
        Files.writeString(file, "{\"retry_attempts\": 8}");
        clock.advance(Duration.ofSeconds(10));
        assertThat(captured[0].getConfiguration().values()).containsEntry("retry_attempts", 6);
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void anUnwatchedConfigFileIsAppliedOnce(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("resilience.json");
        Files.writeString(file, "{\"circuit_breaker_threshold\": 7}");
        runner.withPropertyValues("ai.resilience.config-file=" + file).run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getConfiguration().values()).containsEntry("circuit_breaker_threshold", 7);
            assertThat(resilience.getConfiguration().sourceOf("circuit_breaker_threshold")).isEqualTo(ConfigSource.RUNTIME);
        });
    }

    @Test
    void theOrchestratorIsClosedWithTheContext() {
        AIServiceResilience[] captured = new AIServiceResilience[1];
        runner.run(context -> {
            captured[0] = context.getBean(AIServiceResilience.class);
            assertThat(captured[0].isClosed()).isFalse();
        });
        assertThat(captured[0].isClosed()).isTrue();
        // A closed orchestrator waits for nothing: an asynchronous call that would retry fails at once.
        java.util.concurrent.CompletableFuture<Object> retrying = captured[0].withOperationResilience("op").callAsync(
                () -> java.util.concurrent.CompletableFuture.failedFuture(
                        new dev.airesilience.exception.ServiceUnavailableException("busy")));
        assertThat(retrying).isCompletedExceptionally();
    }

    @Test
    void theMeterBinderIsAbsentWithoutMicrometerOrTheBindingModule() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).hasSingleBean(AIServiceResilience.class).doesNotHaveBean(ResilienceMeterBinder.class));
        runner.withClassLoader(new FilteredClassLoader(ResilienceMeterBinder.class))
                .run(context -> assertThat(context).hasSingleBean(AIServiceResilience.class).doesNotHaveBean(ResilienceMeterBinder.class));
    }

    @Test
    void theMeterBinderPublishesTheOrchestratorsMeters() {
        runner.run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(ResilienceMeterBinder.class).bindTo(registry);
            resilience.withOperationResilience("chat").call(() -> "ok");
            assertThat(registry.find("ai.resilience.call.duration").tags("operation", "chat", "outcome", "success",
                    "reason", "none").timer()).isNotNull();
        });
    }

    /** Resilience4j's own meters are bound over our breakers by the starter and read the same numbers as ours. */
    @Test
    void resilience4jCircuitBreakerMetersAreBoundAndAgreeWithOurs() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
            context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(registry));
            assertThat(context).hasBean("aiResilienceCircuitBreakerMetrics");
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            var chat = resilience.<String>withResilience("chat", ResilienceStrategy.AGGRESSIVE);
            chat.call(() -> "ok");
            while (resilience.getCircuitBreaker("chat").orElseThrow().healthy()) {
                try {
                    chat.call(() -> {
                        throw new dev.airesilience.exception.ServiceUnavailableException("503");
                    });
                } catch (dev.airesilience.exception.ServiceUnavailableException expected) {
                    // opening the circuit
                }
            }
            assertThat(chat.withFallback(c -> "canned").call(() -> "never")).isEqualTo("canned");

            var ours = resilience.getMetrics("chat");
            assertThat(registry.get("resilience4j.circuitbreaker.state").tags("name", "chat", "state", "open").gauge()
                    .value()).isEqualTo(1);
            assertThat(registry.get("resilience4j.circuitbreaker.not.permitted.calls").tag("name", "chat")
                    .counter().count()).isEqualTo(ours.count("fallback", "circuit_open")).isEqualTo(1);
            assertThat(registry.get("resilience4j.circuitbreaker.buffered.calls").tags("name", "chat", "kind", "failed")
                    .gauge().value()).isEqualTo(ours.failedCalls()).isPositive();
            assertThat(registry.get("resilience4j.circuitbreaker.buffered.calls").tags("name", "chat", "kind", "successful")
                    .gauge().value()).isEqualTo(ours.successfulCalls()).isEqualTo(1);
            assertThat(registry.get("ai.resilience.circuit.state").tag("operation", "chat").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void aUserDefinedResilience4jBinderUnderTheSameNameWins() {
        runner.withBean("aiResilienceCircuitBreakerMetrics", MeterBinder.class, () -> registry -> { })
                .run(context -> assertThat(context.getBean("aiResilienceCircuitBreakerMetrics"))
                        .isNotInstanceOf(io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.class));
    }

    @Test
    void theHealthIndicatorIsAbsentWithoutBootHealthOrWhenDisabled() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasSingleBean(AIServiceResilience.class).doesNotHaveBean(AIResilienceHealthIndicator.class));
        runner.withPropertyValues("management.health.airesilience.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(AIResilienceHealthIndicator.class));
    }

    @Test
    void healthIsUpWhenAllCircuitsAreClosedAndCircuitOpenWithTheSeedDetailsWhenOneIsOpen() {
        runner.run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            HealthIndicator indicator = context.getBean(AIResilienceHealthIndicator.class);
            resilience.getOrCreateCircuitBreaker("chat", CircuitBreakerConfig.DEFAULT);
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);

            resilience.getOrCreateCircuitBreaker("chat", CircuitBreakerConfig.DEFAULT).transitionToOpenState();
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(AIResilienceHealthIndicator.CIRCUIT_OPEN);
            assertThat(health.getDetails()).containsEntry("healthy", false)
                    .containsEntry("open_circuit_breakers", List.of("chat"))
                    .containsEntry("half_open_circuit_breakers", List.of())
                    .containsEntry("total_circuit_breakers", 1)
                    .containsKeys("total_operations", "timestamp");

            resilience.getOrCreateCircuitBreaker("chat", CircuitBreakerConfig.DEFAULT).transitionToHalfOpenState();
            assertThat(indicator.health().getStatus()).isEqualTo(AIResilienceHealthIndicator.CIRCUIT_HALF_OPEN);
        });
    }

    @Test
    void aPropertyMapsAnOpenCircuitToDown() {
        runner.withPropertyValues("ai.resilience.health.open-circuit-status=down").run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            resilience.getOrCreateCircuitBreaker("chat", CircuitBreakerConfig.DEFAULT).transitionToOpenState();
            assertThat(context.getBean(AIResilienceHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
        });
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        StringBuilder messages = new StringBuilder();
        while (t != null) {
            messages.append(t.getMessage()).append('\n');
            t = t.getCause();
        }
        return messages.toString();
    }

    @Configuration(proxyBeanMethods = false)
    static class UserOrchestrator {
        final AIServiceResilience resilience = AIServiceResilience.builder().build();

        @Bean
        AIServiceResilience myResilience() {
            return resilience;
        }
    }
}
