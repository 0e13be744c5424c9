package dev.airesilience.spring.boot;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.spring.boot.actuate.AIResilienceEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code /actuator/airesilience} endpoint, when the actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = AIResilienceAutoConfiguration.class)
@ConditionalOnClass({AIResilienceEndpoint.class, ConditionalOnAvailableEndpoint.class,
        org.springframework.boot.actuate.endpoint.annotation.Endpoint.class})
@ConditionalOnBean(AIServiceResilience.class)
public class AIResilienceEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    public AIResilienceEndpoint aiResilienceEndpoint(AIServiceResilience resilience) {
        return new AIResilienceEndpoint(resilience);
    }
}
