package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.micrometer.ContextSnapshotPropagator;
import dev.airesilience.micrometer.ObservationCallInstrumentation;
import dev.airesilience.spring.boot.AIServiceResilienceCustomizer;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing and context for the auto-configured orchestrator, through {@link AIServiceResilienceCustomizer}s: Micrometer
 * Observations of calls and attempts when the application has an {@link ObservationRegistry} bean
 * ({@code ai.resilience.observations.enabled}), and Micrometer context propagation (the current trace, Spring
 * Security's context...) into timed attempts, asynchronous retries and fallbacks
 * ({@code ai.resilience.context-propagation.enabled}); both on by default. The MDC is propagated by the core.
 */
@AutoConfiguration(before = AIResilienceAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnBooleanProperty(name = "ai.resilience.enabled", matchIfMissing = true)
@ConditionalOnClass(ObservationCallInstrumentation.class)
public class AIResilienceObservationAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ObservationRegistry.class)
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnBooleanProperty(name = "ai.resilience.observations.enabled", matchIfMissing = true)
    static class Observations {

        @Bean
        AIServiceResilienceCustomizer aiResilienceObservations(ObservationRegistry registry) {
            return builder -> builder.instrumentation(new ObservationCallInstrumentation(registry));
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ContextSnapshotFactory.class)
    @ConditionalOnBooleanProperty(name = "ai.resilience.context-propagation.enabled", matchIfMissing = true)
    static class ContextPropagation {

        @Bean
        AIServiceResilienceCustomizer aiResilienceContextPropagation() {
            return builder -> builder.contextPropagator(ContextSnapshotPropagator.create());
        }
    }
}
