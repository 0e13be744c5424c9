package dev.airesilience.server.security;

import dev.airesilience.server.config.ServerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Who may call what. Spring Security's {@code StrictHttpFirewall} rejects non-normalised paths ({@code //},
 * dot segments, {@code ;}, encoded {@code /} and {@code .}) with a 400, and the rules below match with the same
 * path parser Spring MVC routes with, so no spelling of a path reaches a handler its rule does not cover.
 *
 * <ul>
 *   <li>{@code /internal/resilience/health}, {@code /internal/resilience/performance/thresholds} (public in the
 *       seed) and everything not listed (dashboard page, 404s): open;</li>
 *   <li>{@code /internal/**}: a key, or while no key is configured, a loopback client (others get 403);</li>
 *   <li>{@code /v1/**}: a key while keys are configured;</li>
 *   <li>actuator health and prometheus: open unless {@code airesilience.server.public-health} /
 *       {@code public-metrics} is false, then as {@code /internal/**}; any other actuator path as
 *       {@code /internal/**}. Health details show to authenticated callers only ({@code when-authorized}).</li>
 * </ul>
 *
 * Stateless: no session, no CSRF token (no cookie authenticates anything), no login form, no HTTP Basic.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    public ApiKeys apiKeys(Environment environment) {
        ApiKeys keys = new ApiKeys(environment.getProperty("API_KEY"), environment.getProperty("ADDITIONAL_API_KEYS"));
        if (keys.isEmpty()) {
            LOG.warn("No API_KEY configured: /internal/** is open to loopback clients only, and /v1/** needs no key");
        } else {
            LOG.info("{} API key(s) configured: /internal/** and /v1/** require one", keys.count());
        }
        return keys;
    }

    @Bean
    ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(ApiKeys keys) {
        return new ApiKeyAuthenticationProvider(keys);
    }

    /**
     * No observations of Spring Security's own (timers per filter-chain phase, on every request, every dispatch):
     * they cost CPU and say nothing the {@code http_server_requests} meters do not.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Also the {@code RequestRejectedHandler} Spring Security picks up: firewall rejections get the JSON body. */
    @Bean
    SecurityErrorResponses securityErrorResponses(ApiKeys keys, ObjectMapper json) {
        return new SecurityErrorResponses(keys, json);
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, ApiKeyAuthenticationProvider provider,
            SecurityErrorResponses errors, ServerSettings settings) throws Exception {
        AuthorizationManager<RequestAuthorizationContext> open = SingleResultAuthorizationManager.permitAll();
        AuthorizationManager<RequestAuthorizationContext> keyed = keys.isEmpty() ? open
                : AuthenticatedAuthorizationManager.authenticated();
        AuthorizationManager<RequestAuthorizationContext> keyedOrLoopback = keys.isEmpty() ? new LoopbackOnly()
                : AuthenticatedAuthorizationManager.authenticated();
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyAuthenticationFilter(new ApiKeyAuthenticationConverter(),
                        new ProviderManager(provider)), AnonymousAuthenticationFilter.class)
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/internal/resilience/health").permitAll()
                        .requestMatchers("/internal/resilience/performance/thresholds").permitAll()
                        .requestMatchers("/internal/**").access(keyedOrLoopback)
                        .requestMatchers("/v1/**").access(keyed)
                        .requestMatchers(EndpointRequest.to("health")).access(settings.publicHealth() ? open : keyedOrLoopback)
                        .requestMatchers(EndpointRequest.to("prometheus"))
                                .access(settings.publicMetrics() ? open : keyedOrLoopback)
                        .requestMatchers(EndpointRequest.toAnyEndpoint()).access(keyedOrLoopback)
                        .anyRequest().permitAll())
                .build();
    }
}
