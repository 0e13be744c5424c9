package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.micrometer.ResilienceMeterBinder;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the orchestrator's meters ({@code ai.resilience.*}) when Micrometer and {@code ai-resilience-micrometer}
 * are on the classpath, and Resilience4j's own circuit-breaker meters ({@code resilience4j.circuitbreaker.*}) over
 * the orchestrator's breakers, so existing Resilience4j dashboards show them. Spring Boot binds every
 * {@link MeterBinder} bean to its registries.
 */
@AutoConfiguration(after = AIResilienceAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, ResilienceMeterBinder.class})
@ConditionalOnBean(AIServiceResilience.class)
public class AIResilienceMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public ResilienceMeterBinder resilienceMeterBinder(AIServiceResilience resilience) {
        return new ResilienceMeterBinder(resilience);
    }

    /** Resilience4j's meters, in their own class so that nothing is loaded when resilience4j-micrometer is absent. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(TaggedCircuitBreakerMetrics.class)
    static class Resilience4jMeters {

        /**
         * Reads the orchestrator's breakers from its Resilience4j registry, including ones created later. Their
         * metrics are the operations' own, so these meters agree with {@code ai.resilience.*}.
         */
        @Bean
        @ConditionalOnMissingBean(name = "aiResilienceCircuitBreakerMetrics")
        public TaggedCircuitBreakerMetrics aiResilienceCircuitBreakerMetrics(AIServiceResilience resilience) {
            return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry());
        }
    }
}
