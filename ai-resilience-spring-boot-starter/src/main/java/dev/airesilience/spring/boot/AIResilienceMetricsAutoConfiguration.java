package dev.airesilience.spring.boot;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.micrometer.ResilienceMeterBinder;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds the orchestrator's meters ({@code ai.resilience.*}) when Micrometer and {@code ai-resilience-micrometer}
 * are on the classpath; Spring Boot binds every {@link MeterBinder} bean to its registries.
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
}
