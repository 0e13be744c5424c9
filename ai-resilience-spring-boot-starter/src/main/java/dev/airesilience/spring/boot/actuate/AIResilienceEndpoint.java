package dev.airesilience.spring.boot.actuate;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResolvedConfiguration;
import dev.airesilience.config.validation.InvalidConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;

/**
 * {@code /actuator/airesilience}. GET: metrics, the configuration in force (per operation too) and health.
 * POST {@code {"configuration": "<JSON document>"}}: a runtime update through the validator;
 * a rejected one answers 400 with every problem and changes nothing. DELETE {@code /{name}}: resets a breaker.
 */
@WebEndpoint(id = "airesilience")
public final class AIResilienceEndpoint {

    private final AIServiceResilience resilience;

    public AIResilienceEndpoint(AIServiceResilience resilience) {
        this.resilience = resilience;
    }

    @ReadOperation
    public Map<String, Object> resilience() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metrics", resilience.getAllMetrics());
        body.put("configuration", configuration(resilience.getConfiguration()));
        body.put("health", resilience.getHealthStatus());
        return body;
    }

    /**
     * Applies {@code configuration}, a JSON document of configuration keys. Actuator write operations bind
     * named string parameters, so the body is {@code {"configuration": "{\"retry_attempts\": 4}"}}.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> update(String configuration) {
        try {
            return new WebEndpointResponse<>(configuration(resilience.updateConfiguration(configuration)),
                    WebEndpointResponse.STATUS_OK);
        } catch (InvalidConfigurationException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "Configuration rejected; nothing was changed");
            body.put("problems", e.problems());
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
        }
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> reset(@Selector String name) {
        if (!resilience.resetCircuitBreaker(name)) {
            return new WebEndpointResponse<>(Map.of("error", "No circuit breaker named '" + name + "'"),
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reset", name);
        resilience.getCircuitBreaker(name).ifPresent(snapshot -> body.put("circuit_breaker", snapshot));
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    private Map<String, Object> configuration(ResolvedConfiguration resolved) {
        Map<String, ResilienceConfig> operations = new LinkedHashMap<>();
        for (String operation : resilience.operations()) {
            operations.put(operation, resilience.getOperationConfig(operation));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("resolved", resolved);
        body.put("operations", operations);
        return body;
    }
}
