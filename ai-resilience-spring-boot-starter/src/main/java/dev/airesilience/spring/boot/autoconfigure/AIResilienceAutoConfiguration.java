package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.shared.SharedState;
import dev.airesilience.spring.boot.AIResilienceProperties;
import dev.airesilience.spring.boot.AIServiceResilienceCustomizer;
import dev.airesilience.spring.boot.internal.ConfigFileBinding;
import dev.airesilience.spring.boot.internal.PropertiesMapping;
import dev.airesilience.spring.boot.internal.ResilientBeanPostProcessor;
import dev.airesilience.spring.boot.internal.StrictPropertiesBinding;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The orchestrator bean from {@code ai.resilience.*} (unless the application defines its own), {@code @Resilient}
 * on bean methods, and the config file. The orchestrator is closed with the context.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "ai.resilience.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AIResilienceProperties.class)
public class AIResilienceAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public AIServiceResilience aiServiceResilience(AIResilienceProperties properties, Environment environment,
            ObjectProvider<AIServiceResilienceCustomizer> customizers, ObjectProvider<SharedState> sharedState) {
        AIServiceResilience.Builder builder = AIServiceResilience.builder().maxOperations(properties.getMaxOperations())
                .strictConfiguration(properties.isStrictConfiguration());
        sharedState.ifAvailable(builder::sharedState);
        ResilienceSettings settings = PropertiesMapping.settings(properties, environment);
        if (settings != null) {
            builder.settings(settings);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        AIServiceResilience resilience = PropertiesMapping.build(builder);
        try {
            PropertiesMapping.applyOperationKeys(resilience, properties.getOperations());
        } catch (RuntimeException e) {
            resilience.close();
            throw e;
        }
        return resilience;
    }

    /** Applies (and optionally watches) {@code ai.resilience.config-file}; stops watching on shutdown. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("ai.resilience.config-file")
    public ConfigFileBinding aiResilienceConfigFile(AIServiceResilience resilience, AIResilienceProperties properties) {
        return ConfigFileBinding.start(resilience, properties);
    }

    /** Checks every {@code ai.resilience.*} name and value as the properties are bound; static, as it serves binding. */
    @Bean
    public static StrictPropertiesBinding aiResilienceStrictPropertiesBinding() {
        return new StrictPropertiesBinding();
    }

    /** Validates {@code @Resilient} beans at startup and proxies them; static, as every post-processor. */
    @Bean
    @ConditionalOnMissingBean
    public static ResilientBeanPostProcessor resilientBeanPostProcessor(ObjectProvider<AIServiceResilience> resilience) {
        return new ResilientBeanPostProcessor(resilience::getObject);
    }
}
