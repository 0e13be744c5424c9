package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.SharedContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 (seed §7.2, §7.3, §7.5, §7.6) over a real port: the operator endpoints the seed had and the service
 * lacked — dashboard data, presets summary, automatic preset recommendation, template validation and
 * recommendation, JSON-string validation — plus {@code GET /config}'s {@code configuration} and
 * {@code custom_overrides} and the reset of an unknown operation. Declares the {@link SharedContext} configuration;
 * changes nothing another test relies on.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class OperatorEndpointsTest {

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    private Api api() {
        return new Api(port, SharedContext.KEY);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void everyNewEndpointNeedsTheKey() {
        Api anonymous = api().withKey(null);
        for (String path : List.of("/internal/resilience/dashboard", "/internal/resilience/config/presets-summary",
                "/internal/resilience/config/recommend-preset-auto", "/internal/resilience/monitoring/preset-trends/simple",
                "/internal/resilience/monitoring/performance-metrics", "/internal/resilience/monitoring/session/x",
                "/internal/resilience/performance/report", "/internal/resilience/performance/history")) {
            assertThat(anonymous.get(path).status()).as(path).isEqualTo(401);
        }
        for (String path : List.of("/internal/resilience/config/validate-template",
                "/internal/resilience/config/recommend-template", "/internal/resilience/config/validate-json?json_config=%7B%7D",
                "/internal/resilience/monitoring/cleanup")) {
            assertThat(anonymous.post(path, Map.of()).status()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theDashboardAnswersTheSeedsShapeAsJson() {
        Api.Reply reply = api().get("/internal/resilience/dashboard");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(reply.raw().headers().firstValue("X-Content-Type-Options")).as("never sniffed as HTML").hasValue("nosniff");
        JsonNode body = reply.json();
        assertThat(fieldNames(body)).containsExactly("timestamp", "health", "performance", "operations", "alerts", "summary");
        assertThat(fieldNames(body.path("health"))).containsExactly("overall_healthy", "open_circuit_breakers",
                "half_open_circuit_breakers", "total_circuit_breakers");
        assertThat(body.path("health").path("open_circuit_breakers").isInt()).isTrue();
        assertThat(fieldNames(body.path("performance"))).startsWith("total_calls", "successful_calls", "failed_calls",
                "retry_attempts", "success_rate");
        assertThat(body.path("operations").isArray()).isTrue();
        assertThat(body.path("alerts").isArray()).isTrue();
        body.path("alerts").forEach(alert -> assertThat(alert.isString()).as("alerts hold no null").isTrue());
        JsonNode performance = body.path("performance");
        boolean high = performance.path("success_rate").asDouble() < 80 && performance.path("total_calls").asLong() > 10;
        assertThat(body.path("alerts").toString().contains("High failure rate detected")).isEqualTo(high);
        assertThat(body.path("summary").has("total_operations")).isTrue();
    }

    @Test
    void thePresetsSummaryIsKeyedByTheKeysTheDetailEndpointAccepts() {
        JsonNode summary = api().get("/internal/resilience/config/presets-summary").json();

        assertThat(fieldNames(summary)).containsExactly("simple", "development", "production");
        JsonNode production = summary.path("production");
        assertThat(production.path("name").asString()).isEqualTo("Production");
        assertThat(production.path("configuration").path("retry_attempts").asInt()).isEqualTo(5);
        assertThat(production.path("configuration").path("operation_overrides").path("qa").asString()).isEqualTo("critical");
        assertThat(production).isEqualTo(api().get("/internal/resilience/config/presets/production").json());
    }

    @Test
    void theAutomaticRecommendationHasTheSeedsKeysAndNamesItsDetectionMethod() {
        JsonNode auto = api().get("/internal/resilience/config/recommend-preset-auto").json();

        assertThat(fieldNames(auto)).startsWith("environment_detected", "recommended_preset", "confidence", "reasoning",
                "detection_method");
        assertThat(auto.path("recommended_preset").asString()).isIn("simple", "development", "production");
        assertThat(auto.path("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(auto.path("detection_method").asString()).isEqualTo(
                auto.path("environment_detected").asString().contains("(auto-detected)")
                        ? "environment_variables_and_context" : "environment_variable");
    }

    @Test
    void validateTemplateChecksTheMergedConfigurationAndAnswersUnknownTemplatesAsInvalid() {
        JsonNode robust = api().post("/internal/resilience/config/validate-template",
                Map.of("template_name", "robust_production", "overrides", Map.of("retry_attempts", 7))).json();
        JsonNode tooMany = api().post("/internal/resilience/config/validate-template",
                Map.of("template_name", "fast_development", "overrides", Map.of("retry_attempts", 100))).json();
        Api.Reply unknown = api().post("/internal/resilience/config/validate-template", Map.of("template_name", "nope"));

        assertThat(fieldNames(robust)).startsWith("is_valid", "errors", "warnings", "suggestions", "security_info");
        assertThat(robust.path("is_valid").asBoolean()).as(robust.toString()).isTrue();
        assertThat(robust.path("security_info").isNull()).isTrue();
        assertThat(tooMany.path("is_valid").asBoolean()).isFalse();
        assertThat(tooMany.path("errors").toString()).contains("retry_attempts");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().path("is_valid").asBoolean()).isFalse();
        assertThat(unknown.json().path("errors").get(0).asString()).isEqualTo("Unknown template: nope");
    }

    @Test
    void validateTemplateRefusesAMalformedRequestNamingTheField() {
        Api.Reply missing = api().post("/internal/resilience/config/validate-template", Map.of());
        Api.Reply number = api().post("/internal/resilience/config/validate-template", Map.of("template_name", 5));
        Api.Reply overrides = api().post("/internal/resilience/config/validate-template",
                Map.of("template_name", "low_latency", "overrides", List.of(1)));
        Api.Reply typo = api().post("/internal/resilience/config/validate-template",
                Map.of("template_name", "low_latency", "override", Map.of()));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asString()).startsWith("template_name must be one of [fast_development")
                .endsWith("got nothing");
        assertThat(number.json().path("detail").asString()).contains("template_name").endsWith("got '5'");
        assertThat(overrides.status()).isEqualTo(400);
        assertThat(overrides.json().path("details").path("field").asString()).isEqualTo("overrides");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("detail").asString()).contains("override").contains("template_name, overrides");
    }

    @Test
    void recommendTemplateScoresAsTheSeedAndGivesAConfidence() {
        JsonNode fast = api().post("/internal/resilience/config/recommend-template", Map.of("configuration",
                Map.of("retry_attempts", 1, "circuit_breaker_threshold", 2, "default_strategy", "aggressive"))).json();
        JsonNode robust = api().post("/internal/resilience/config/recommend-template", Map.of("configuration",
                Map.of("retry_attempts", 6, "circuit_breaker_threshold", 11, "default_strategy", "conservative"))).json();
        JsonNode none = api().post("/internal/resilience/config/recommend-template", Map.of("configuration",
                Map.of("retry_attempts", 50, "circuit_breaker_threshold", 1, "default_strategy", "critical"))).json();
        JsonNode empty = api().post("/internal/resilience/config/recommend-template", Map.of("configuration", Map.of())).json();

        assertThat(fieldNames(fast)).containsExactly("suggested_template", "confidence", "reasoning", "available_templates");
        assertThat(fast.path("suggested_template").asString()).isEqualTo("fast_development");
        assertThat(fast.path("confidence").asDouble()).isEqualTo(1.0);
        assertThat(robust.path("suggested_template").asString()).isEqualTo("robust_production");
        assertThat(robust.path("confidence").asDouble()).isEqualTo(0.67);
        assertThat(none.path("suggested_template").isNull()).isTrue();
        assertThat(none.path("confidence").asDouble()).isZero();
        assertThat(none.path("reasoning").asString()).startsWith("No template closely matches");
        assertThat(none.path("available_templates").size()).isEqualTo(5);
        assertThat(empty.path("confidence").asDouble()).as("nothing compared").isEqualTo(0.5);
    }

    @Test
    void recommendTemplateRefusesValuesOfTheWrongKind() {
        Api.Reply text = api().post("/internal/resilience/config/recommend-template",
                Map.of("configuration", Map.of("retry_attempts", "3")));
        Api.Reply strategy = api().post("/internal/resilience/config/recommend-template",
                Map.of("configuration", Map.of("default_strategy", "yolo")));
        Api.Reply notAnObject = api().post("/internal/resilience/config/recommend-template", Map.of("configuration", 3));

        assertThat(text.status()).isEqualTo(400);
        assertThat(text.json().path("detail").asString()).isEqualTo("configuration.retry_attempts must be a whole number, got '\"3\"'");
        assertThat(strategy.json().path("detail").asString())
                .isEqualTo("configuration.default_strategy must be one of [aggressive, balanced, conservative, critical], got '\"yolo\"'");
        assertThat(notAnObject.json().path("details").path("field").asString()).isEqualTo("configuration");
    }

    @Test
    void validateJsonValidatesAJsonStringFromTheQuery() {
        JsonNode valid = api().post("/internal/resilience/config/validate-json?json_config="
                + encode("{\"retry_attempts\": 4, \"circuit_breaker_threshold\": 2}"), "").json();
        JsonNode outOfRange = api().post("/internal/resilience/config/validate-json?json_config="
                + encode("{\"retry_attempts\": 21}"), "").json();
        JsonNode notJson = api().post("/internal/resilience/config/validate-json?json_config=" + encode("{retry_attempts: 3}"), "")
                .json();
        Api.Reply missing = api().post("/internal/resilience/config/validate-json", "");

        assertThat(valid.path("is_valid").asBoolean()).as(valid.toString()).isTrue();
        assertThat(valid.path("warnings").toString()).contains("Very low circuit breaker threshold");
        assertThat(outOfRange.path("is_valid").asBoolean()).isFalse();
        assertThat(outOfRange.path("errors").get(0).asString()).contains("retry_attempts").contains("21");
        assertThat(notJson.path("is_valid").asBoolean()).isFalse();
        assertThat(notJson.path("errors").get(0).asString()).startsWith("Invalid JSON");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asString()).isEqualTo("json_config must be given (text), got nothing");
    }

    @Test
    void getConfigHasTheSeedsConfigurationAndCustomOverrides() {
        JsonNode config = api().get("/internal/resilience/config").json();

        assertThat(fieldNames(config)).startsWith("preset_name", "is_legacy_config", "configuration", "operation_strategies",
                "custom_overrides", "strategies");
        JsonNode configuration = config.path("configuration");
        assertThat(fieldNames(configuration)).containsExactly("strategy", "retry_config", "circuit_breaker_config",
                "enable_circuit_breaker", "enable_retry");
        assertThat(fieldNames(configuration.path("retry_config"))).containsExactly("max_attempts", "max_delay_seconds",
                "exponential_multiplier", "exponential_min", "exponential_max", "jitter", "jitter_max");
        assertThat(fieldNames(configuration.path("circuit_breaker_config")))
                .containsExactly("failure_threshold", "recovery_timeout", "half_open_max_calls");
        assertThat(configuration).isEqualTo(config.path("strategies").path(configuration.path("strategy").asString()));

        // A runtime update that repeats what is in force: it now shows as a custom override.
        assertThat(api().put("/internal/resilience/config", Map.of("operation_overrides", Map.of("summarize_text", "balanced")))
                .status()).isEqualTo(200);
        JsonNode after = api().get("/internal/resilience/config").json();
        assertThat(after.path("custom_overrides").path("operation_overrides").path("summarize_text").asString())
                .isEqualTo("balanced");
    }

    @Test
    void resettingAnUnknownOperationIs200WithAMessageAndCreatesNothing() {
        for (String name : List.of("never_seen_operation", "<script>alert(1)</script>")) {
            Api.Reply reply = api().post("/internal/resilience/metrics/reset?operation_name=" + encode(name), "");

            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("message").asString()).isEqualTo("No metrics for operation: " + name
                    + "; nothing was reset");
            assertThat(reply.json().path("found").asBoolean()).isFalse();
            assertThat(resilience.operations()).doesNotContain(name);
            // An encoded '/' is refused by the firewall (400) before routing; any other name is a 404.
            assertThat(api().get("/internal/resilience/metrics/" + encode(name)).status()).isIn(400, 404);
        }
        Api.Reply tooLong = api().post("/internal/resilience/metrics/reset?operation_name=" + "x".repeat(201), "");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("detail").asString())
                .isEqualTo("operation_name must be 1 to 200 characters without control characters, got '201 characters'");
    }
}
