package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.spring.boot.AIResilienceProperties;
import dev.airesilience.spring.boot.actuate.AIResilienceHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code airesilience} health indicator, when Spring Boot's health support is present. */
@AutoConfiguration(after = AIResilienceAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(AIServiceResilience.class)
@ConditionalOnEnabledHealthIndicator("airesilience")
@EnableConfigurationProperties(AIResilienceProperties.class) // also when a user orchestrator replaced ours
public class AIResilienceHealthAutoConfiguration {

    @Bean(name = "airesilienceHealthIndicator")
    @ConditionalOnMissingBean(name = "airesilienceHealthIndicator")
    public AIResilienceHealthIndicator airesilienceHealthIndicator(AIServiceResilience resilience,
            AIResilienceProperties properties) {
        return new AIResilienceHealthIndicator(resilience,
                AIResilienceHealthIndicator.status(properties.getHealth().getOpenCircuitStatus()),
                AIResilienceHealthIndicator.status(properties.getHealth().getHalfOpenCircuitStatus()));
    }
}
