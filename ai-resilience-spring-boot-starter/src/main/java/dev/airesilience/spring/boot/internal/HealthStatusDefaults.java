package dev.airesilience.spring.boot.internal;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Teaches the health endpoint the circuit statuses: their place in the aggregation order (Boot ignores
 * statuses missing from it) and HTTP 200. Added as the lowest-precedence source, so any user setting wins.
 */
public final class HealthStatusDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "aiResilienceHealthStatusDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "management.endpoint.health.status.order", "DOWN,OUT_OF_SERVICE,CIRCUIT_OPEN,CIRCUIT_HALF_OPEN,UP,UNKNOWN",
                "management.endpoint.health.status.http-mapping.down", "503",
                "management.endpoint.health.status.http-mapping.out-of-service", "503",
                "management.endpoint.health.status.http-mapping.circuit-open", "200",
                "management.endpoint.health.status.http-mapping.circuit-half-open", "200")));
    }
}
