package dev.airesilience.spring.boot.actuate;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResolvedConfiguration;
import java.time.Instant;
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
 * POST the configuration document itself ({@code {"retry_attempts": 4}}), as every endpoint takes it: a runtime
 * update through the validator; a rejected one answers 400 with every problem and changes nothing. The older
 * {@code {"configuration": "<JSON text>"}} (or {@code {"configuration": {...}}}) is still accepted. DELETE
 * {@code /{name}}: resets a breaker.
 *
 * <p>Errors have the body the service's API uses: {@code {detail, error, error_code, details, timestamp}}.
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
     * Applies {@code configuration}, the document as JSON text. Actuator write operations bind named string
     * parameters; on a servlet server {@link EndpointBodyFilter} turns a bare document (or
     * {@code {"configuration": {...}}}) into this form.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> update(String configuration) {
        try {
            return new WebEndpointResponse<>(configuration(resilience.updateConfiguration(configuration)),
                    WebEndpointResponse.STATUS_OK);
        } catch (InvalidConfigurationException e) {
            return error(WebEndpointResponse.STATUS_BAD_REQUEST, "Invalid configuration: nothing was changed",
                    "VALIDATION_ERROR", Map.of("problems", e.problems()));
        }
    }

    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> reset(@Selector String name) {
        if (!resilience.resetCircuitBreaker(name)) {
            return error(WebEndpointResponse.STATUS_NOT_FOUND, "No circuit breaker named '" + name + "'", "NOT_FOUND",
                    Map.of());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reset", name);
        resilience.getCircuitBreaker(name).ifPresent(snapshot -> body.put("circuit_breaker", snapshot));
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    /** The service's error body: {@code detail} repeats {@code error} for clients written against the seed. */
    static WebEndpointResponse<Map<String, Object>> error(int status, String message, String code, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", message);
        body.put("error", message);
        body.put("error_code", code);
        body.put("details", details);
        body.put("timestamp", Instant.now().toString());
        return new WebEndpointResponse<>(body, status);
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
