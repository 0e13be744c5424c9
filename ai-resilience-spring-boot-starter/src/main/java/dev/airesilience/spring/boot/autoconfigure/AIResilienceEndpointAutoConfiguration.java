package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.spring.boot.actuate.AIResilienceEndpoint;
import dev.airesilience.spring.boot.actuate.EndpointBodyFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    /** On a servlet server: the endpoint takes the bare configuration document, as every other endpoint does. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.http.HttpFilter")
    static class BareDocument {

        @Bean
        @ConditionalOnAvailableEndpoint(endpoint = AIResilienceEndpoint.class)
        @ConditionalOnMissingBean(name = "aiResilienceEndpointBodyFilter")
        FilterRegistrationBean<EndpointBodyFilter> aiResilienceEndpointBodyFilter(ObjectProvider<PathMappedEndpoints> endpoints) {
            FilterRegistrationBean<EndpointBodyFilter> registration = new FilterRegistrationBean<>(new EndpointBodyFilter());
            PathMappedEndpoints mapped = endpoints.getIfAvailable();
            String path = mapped == null ? null : mapped.getPath(EndpointId.of("airesilience"));
            registration.addUrlPatterns(path == null ? "/actuator/airesilience" : path);
            registration.setEnabled(path != null);
            return registration;
        }
    }
}
