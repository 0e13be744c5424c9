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
 * POST {@code {"configuration": {...}}} (an object or a JSON string): a runtime update through the validator;
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

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> update(Object configuration) {
        ResolvedConfiguration now;
        try {
            if (configuration instanceof Map<?, ?> document) {
                @SuppressWarnings("unchecked")
                Map<String, ?> typed = (Map<String, ?>) document;
                now = resilience.updateConfiguration(typed);
            } else if (configuration instanceof String json) {
                now = resilience.updateConfiguration(json);
            } else {
                return badRequest(Map.of("error", "configuration must be a JSON object of configuration keys or a JSON "
                        + "string, but was " + configuration));
            }
        } catch (InvalidConfigurationException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "Configuration rejected; nothing was changed");
            body.put("problems", e.problems());
            return badRequest(body);
        }
        return new WebEndpointResponse<>(configuration(now), WebEndpointResponse.STATUS_OK);
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

    private static WebEndpointResponse<Map<String, Object>> badRequest(Map<String, Object> body) {
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}
