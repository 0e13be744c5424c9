package dev.airesilience.server.config;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceSettings;
import dev.airesilience.micrometer.ResilienceMeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * TEMPORARY: the orchestrator bean and its meters until ai-resilience-spring-boot-starter is merged. The starter
 * replaces this class (and its line in META-INF/spring/...AutoConfiguration.imports): delete both and add the
 * starter dependency. Registered as an auto-configuration so that, like the starter's, it backs off when an
 * application or a test defines its own {@link AIServiceResilience}.
 *
 * <p>Settings come from the environment: {@code RESILIENCE_PRESET}, {@code RESILIENCE_CUSTOM_CONFIG} and the
 * legacy variables. The server calls the orchestrator explicitly, so it works with or without the starter's AOP.
 */
@AutoConfiguration
public class InterimResilienceConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AIServiceResilience aiServiceResilience() {
        return new AIServiceResilience(ResilienceSettings.fromEnvironment());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ResilienceMeterBinder resilienceMeterBinder(AIServiceResilience resilience) {
        return new ResilienceMeterBinder(resilience);
    }
}
