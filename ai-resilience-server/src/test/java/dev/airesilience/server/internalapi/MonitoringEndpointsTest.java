package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 (seed §7.7) over a real port: preset trends, load performance, sessions, cleanup and export of the
 * configuration event log, and a clear 400 for every malformed parameter. Its own context: the cleanup empties
 * the log, which other tests read.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + MonitoringEndpointsTest.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class MonitoringEndpointsTest {

    static final String KEY = "monitoring-endpoints-key-5Tr8";

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    private Api api() {
        return new Api(port, KEY);
    }

    private ConfigEventLog log() {
        return resilience.configEvents();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    @Test
    void aPresetTrendHasOneBucketPerHourWithTheCurrentHourLast() {
        log().recordPresetUsage("production", "load_preset", Map.of());
        log().recordPresetUsage("production", "load_preset", Map.of());
        log().recordPresetUsage("simple", "load_preset", Map.of());

        JsonNode trend = api().get("/internal/resilience/monitoring/preset-trends/production?hours=3").json();

        assertThat(fieldNames(trend)).containsExactly("preset_name", "time_window_hours", "trend_data", "summary");
        assertThat(trend.path("time_window_hours").asInt()).isEqualTo(3);
        assertThat(trend.path("trend_data").size()).isEqualTo(3);
        assertThat(fieldNames(trend.path("trend_data").get(0))).containsExactly("timestamp", "usage_count");
        assertThat(trend.path("trend_data").get(2).path("usage_count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(fieldNames(trend.path("summary"))).containsExactly("total_usage", "peak_usage", "avg_hourly_usage");
        long total = trend.path("summary").path("total_usage").asLong();
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(trend.path("summary").path("avg_hourly_usage").asDouble()).isEqualTo(Math.round(total * 1000.0 / 3) / 1000.0);
        assertThat(api().get("/internal/resilience/monitoring/preset-trends/simple").json().path("trend_data").size())
                .isEqualTo(24);
    }

    @Test
    void aPresetTrendOfAnUnknownPresetIs404RatherThanZeros() {
        Api.Reply typo = api().get("/internal/resilience/monitoring/preset-trends/prodution");

        assertThat(typo.status()).isEqualTo(404);
        assertThat(typo.json().path("detail").asString()).startsWith("Unknown preset 'prodution'. Available presets: "
                + "[simple, development, production]");
    }

    @Test
    void performanceMetricsAlwaysHaveTotalSamplesAndAreSplitPerPreset() {
        JsonNode before = api().get("/internal/resilience/monitoring/performance-metrics?hours=1").json();
        log().recordConfigLoad("simple", "load_config", 20.0, Map.of());
        log().recordConfigLoad("simple", "load_config", 40.0, Map.of());
        log().recordConfigLoad("production", "load_config", 250.0, Map.of());

        JsonNode after = api().get("/internal/resilience/monitoring/performance-metrics").json();

        assertThat(fieldNames(before)).containsExactly("time_window_hours", "performance_metrics", "health_check");
        assertThat(before.path("performance_metrics").has("total_samples")).isTrue();
        JsonNode metrics = after.path("performance_metrics");
        assertThat(fieldNames(metrics)).containsExactly("avg_load_time_ms", "min_load_time_ms", "max_load_time_ms",
                "p95_load_time_ms", "error_count", "total_samples", "preset_performance");
        assertThat(metrics.path("total_samples").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(metrics.path("preset_performance").path("production").path("max").asDouble()).isEqualTo(250.0);
        assertThat(fieldNames(metrics.path("preset_performance").path("simple")))
                .containsExactly("avg", "min", "max", "sample_count");
        assertThat(fieldNames(after.path("health_check")))
                .containsExactly("performance_good", "error_rate_acceptable", "p95_within_threshold");
        assertThat(after.path("health_check").path("p95_within_threshold").asBoolean())
                .isEqualTo(metrics.path("p95_load_time_ms").asDouble() < 200);
    }

    @Test
    void aRuntimeUpdateSentWithASessionIdIsListedUnderThatSession() {
        String session = "operator-" + UUID.randomUUID();
        Api.Reply update = api().put("/internal/resilience/config?session_id=" + session,
                Map.of("operation_overrides", Map.of("summarize_text", "balanced")));
        Api.Reply refused = api().put("/internal/resilience/config?session_id=" + session, Map.of("retry_attempts", 99));

        JsonNode body = api().get("/internal/resilience/monitoring/session/" + session).json();
        JsonNode unknown = api().get("/internal/resilience/monitoring/session/nobody").json();

        assertThat(update.status()).isEqualTo(200);
        assertThat(update.json().path("session_id").asString()).isEqualTo(session);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(fieldNames(body)).containsExactly("session_id", "metrics", "summary");
        assertThat(body.path("metrics").size()).isGreaterThanOrEqualTo(2);
        body.path("metrics").forEach(event -> assertThat(event.path("session_id").asString()).isEqualTo(session));
        assertThat(body.path("metrics").toString()).contains("config_change").contains("validation_event");
        assertThat(fieldNames(body.path("summary"))).containsExactly("total_operations", "preset_usage", "error_count",
                "error_rate", "avg_load_time_ms");
        assertThat(body.path("summary").path("total_operations").asInt()).isEqualTo(body.path("metrics").size());
        assertThat(unknown.path("metrics").size()).isZero();
        assertThat(unknown.path("summary").path("total_operations").asInt()).isZero();
        assertThat(api().get("/internal/resilience/monitoring/session/" + "s".repeat(201)).status()).isEqualTo(400);
        assertThat(api().put("/internal/resilience/config?session_id=" + "s".repeat(201), Map.of("retry_attempts", 3))
                .status()).isEqualTo(400);
    }

    @Test
    void zCleanupSaysWhatItRemovedAndWhatRemains() {
        log().recordConfigError("simple", "load_config", "test error", Map.of());
        log().recordPresetUsage("simple", "load_preset", Map.of());
        int events = log().size();
        int alerts = log().activeAlerts(Integer.MAX_VALUE).size();

        JsonNode kept = api().post("/internal/resilience/monitoring/cleanup", "").json();
        assertThat(fieldNames(kept)).containsExactly("cleanup_threshold_hours", "metrics_removed", "alerts_removed",
                "metrics_remaining", "alerts_remaining", "cleanup_timestamp");
        assertThat(kept.path("cleanup_threshold_hours").asInt()).isEqualTo(24);
        assertThat(kept.path("metrics_removed").asInt()).isZero();
        assertThat(kept.path("metrics_remaining").asInt()).isEqualTo(events);

        JsonNode all = api().post("/internal/resilience/monitoring/cleanup?hours=0", "").json();
        assertThat(all.path("metrics_removed").asInt()).isEqualTo(events);
        assertThat(all.path("alerts_removed").asInt()).isEqualTo(alerts);
        assertThat(all.path("metrics_remaining").asInt()).isZero();
        assertThat(all.path("alerts_remaining").asInt()).isZero();
        assertThat(log().size()).isZero();
    }

    @Test
    void exportUsesTheCoresFormatsAndItsExactFormatError() {
        log().recordPresetUsage("simple", "=cmd|' /C calc'!A0", Map.of());

        Api.Reply xml = api().get("/internal/resilience/monitoring/export?format=xml");
        JsonNode csv = api().get("/internal/resilience/monitoring/export?format=csv").json();
        JsonNode json = api().get("/internal/resilience/monitoring/export?time_window_hours=1").json();

        assertThat(xml.status()).isEqualTo(400);
        assertThat(xml.json().path("detail").asString()).isEqualTo("Format must be 'json' or 'csv'");
        assertThat(xml.json().path("error").asString()).isEqualTo("Format must be 'json' or 'csv'");
        assertThat(xml.json().path("details").path("received").asString()).isEqualTo("xml");
        assertThat(csv.path("format").asString()).isEqualTo("csv");
        assertThat(csv.path("time_window_hours").isNull()).as("all retained events").isTrue();
        assertThat(csv.path("data").asString()).startsWith("timestamp,metric_type,preset_name,operation,value,metadata,session_id")
                .contains("'=cmd");
        assertThat(json.path("format").asString()).isEqualTo("json");
        assertThat(json.path("time_window_hours").asInt()).isEqualTo(1);
        assertThat(Api.JSON.readTree(json.path("data").asString()).isArray()).isTrue();
    }

    @Test
    void everyMalformedParameterIs400NamingTheFieldTheRangeAndTheValue() {
        record Case(String path, String field, String allowed, String value) {}
        List<Case> cases = List.of(
                new Case("/monitoring/usage-statistics?time_window_hours=0", "time_window_hours",
                        "a whole number between 1 and 720", "0"),
                new Case("/monitoring/usage-statistics?time_window_hours=abc", "time_window_hours",
                        "a whole number between 1 and 720", "abc"),
                new Case("/monitoring/preset-trends/simple?hours=721", "hours", "a whole number between 1 and 720", "721"),
                new Case("/monitoring/preset-trends/simple?hours=1e3", "hours", "a whole number between 1 and 720", "1e3"),
                new Case("/monitoring/performance-metrics?hours=99999999999", "hours", "a whole number between 1 and 720",
                        "99999999999"),
                new Case("/monitoring/performance-metrics?hours=-1", "hours", "a whole number between 1 and 720", "-1"),
                new Case("/monitoring/alerts?max_alerts=0", "max_alerts", "a whole number between 1 and 1000", "0"),
                new Case("/monitoring/alerts?level=fatal", "level", "one of [info, warning, error, critical]", "fatal"),
                new Case("/monitoring/export?format=json&time_window_hours=0", "time_window_hours",
                        "a whole number between 1 and 720", "0"),
                new Case("/performance/history?limit=0", "limit", "a whole number between 1 and 100", "0"),
                new Case("/performance/report?format=pdf", "format", "one of [json, text]", "pdf"),
                new Case("/performance/report?refresh=yes", "refresh", "true or false", "yes"),
                new Case("/performance/benchmark?iterations=0", "iterations", "a whole number between 1 and 1000", "0"),
                new Case("/performance/benchmark?include_slow=maybe", "include_slow", "true or false", "maybe"));

        for (Case each : cases) {
            Api.Reply reply = api().get("/internal/resilience" + each.path());

            assertThat(reply.status()).as(each.path() + ": " + reply.body()).isEqualTo(400);
            JsonNode body = reply.json();
            assertThat(body.path("detail").asString()).as(each.path())
                    .isEqualTo(each.field() + " must be " + each.allowed() + ", got '" + each.value() + "'");
            assertThat(body.path("error_code").asString()).isEqualTo("VALIDATION_ERROR");
            assertThat(body.path("details").path("field").asString()).isEqualTo(each.field());
            assertThat(body.path("details").path("allowed").asString()).isEqualTo(each.allowed());
            assertThat(body.path("details").path("received").asString()).isEqualTo(each.value());
        }
        Api.Reply cleanup = api().post("/internal/resilience/monitoring/cleanup?hours=721", "");
        assertThat(cleanup.json().path("detail").asString())
                .isEqualTo("hours must be a whole number between 0 and 720, got '721'");
    }
}
