package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.SharedContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13 (seed §7.8, §8) over a real port: the benchmark suite with the seed's seven benchmarks and result
 * fields, POST runs of named benchmarks, the public thresholds, the report and the history. Runs stay short
 * (few iterations) and bounded. Declares the {@link SharedContext} configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class PerformanceEndpointsTest {

    static final List<String> SEVEN = List.of("preset_loading", "settings_initialization", "resilience_config_loading",
            "service_initialization", "custom_config_loading", "legacy_config_loading", "validation_performance");

    @LocalServerPort
    int port;

    private Api api() {
        return new Api(port, SharedContext.KEY);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static List<String> operations(JsonNode results) {
        List<String> names = new ArrayList<>();
        results.forEach(result -> names.add(result.path("operation").asString()));
        return names;
    }

    @Test
    void getRunsTheSeedsSevenBenchmarksWithTheirFieldsWithinItsTimeBound() {
        long start = System.nanoTime();
        Api.Reply reply = api().get("/internal/resilience/performance/benchmark?iterations=3");
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(fieldNames(body)).containsExactly("benchmark_suite", "summary");
        JsonNode suite = body.path("benchmark_suite");
        assertThat(fieldNames(suite)).contains("name", "results", "total_duration_ms", "pass_rate", "failed_benchmarks",
                "timestamp", "environment_info");
        assertThat(suite.path("name").asString()).isEqualTo("Resilience Configuration Performance Benchmark");
        assertThat(suite.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
        assertThat(fieldNames(suite.path("environment_info"))).contains("java_version", "platform", "processor",
                "memory_gb", "cpu_count", "environment_variables");
        assertThat(operations(suite.path("results"))).containsExactlyElementsOf(SEVEN);
        for (JsonNode result : suite.path("results")) {
            String what = result.path("operation").asString();
            assertThat(fieldNames(result)).as(what).contains("operation", "avg_duration_ms", "min_duration_ms",
                    "max_duration_ms", "std_dev_ms", "memory_peak_mb", "success_rate", "iterations", "metadata");
            assertThat(result.path("iterations").asInt()).as(what).isEqualTo(3);
            assertThat(result.path("success_rate").asDouble()).as(what).isEqualTo(1.0);
            assertThat(result.path("std_dev_ms").isNumber()).as(what).isTrue();
            assertThat(result.path("memory_peak_mb").asDouble()).as(what).isNotNegative();
            assertThat(result.path("metadata").isObject()).as(what).isTrue();
        }
        JsonNode summary = body.path("summary");
        assertThat(fieldNames(summary)).startsWith("total_benchmarks", "pass_rate", "total_duration_ms",
                "failed_benchmarks", "performance_target_met");
        assertThat(summary.path("total_benchmarks").asInt()).isEqualTo(7);
        assertThat(summary.path("failed_benchmarks").size()).isZero();
        assertThat(summary.path("performance_target_met").asBoolean())
                .isEqualTo(summary.path("pass_rate").asDouble() >= 0.8);
        assertThat(seconds).as("7 benchmarks, 3 iterations each, 2 s budget each").isLessThan(30);
    }

    @Test
    void postRunsTheNamedBenchmarksWithTheSeedsSummary() {
        JsonNode body = api().post("/internal/resilience/performance/benchmark", Map.of("iterations", 2,
                "operations", List.of("settings_initialization", "legacy_config_loading"))).json();

        assertThat(fieldNames(body)).containsExactly("results", "summary");
        assertThat(operations(body.path("results"))).containsExactly("settings_initialization", "legacy_config_loading");
        assertThat(body.path("results").get(1).path("metadata").path("legacy_sets").asInt()).isEqualTo(2);
        JsonNode summary = body.path("summary");
        assertThat(fieldNames(summary)).startsWith("total_benchmarks", "total_duration_ms", "avg_duration_ms",
                "overall_success_rate", "performance_target_met");
        assertThat(summary.path("total_benchmarks").asInt()).isEqualTo(2);
        assertThat(summary.path("overall_success_rate").asDouble()).isEqualTo(1.0);
        assertThat(summary.path("performance_target_met").asBoolean())
                .isEqualTo(summary.path("avg_duration_ms").asDouble() < 100);
    }

    @Test
    void postRefusesUnknownBenchmarksAndMalformedFields() {
        Api.Reply unknown = api().post("/internal/resilience/performance/benchmark", Map.of("operations", List.of("nope")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("detail").asString()).isEqualTo("Unknown benchmark operation: nope");
        assertThat(unknown.json().path("details").path("allowed").toString()).contains("legacy_config_loading");

        Map<Object, String> iterations = Map.of(0, "0", 1001, "1001", "5", "\"5\"", 2.5, "2.5", 99999999999L, "99999999999");
        iterations.forEach((value, shown) -> {
            Api.Reply reply = api().post("/internal/resilience/performance/benchmark", Map.of("iterations", value));
            assertThat(reply.status()).as(shown).isEqualTo(400);
            assertThat(reply.json().path("detail").asString()).as(shown)
                    .isEqualTo("iterations must be a whole number between 1 and 1000, got '" + shown + "'");
        });
        Api.Reply slow = api().post("/internal/resilience/performance/benchmark", Map.of("include_slow", "yes"));
        Api.Reply operations = api().post("/internal/resilience/performance/benchmark", Map.of("operations", "preset_loading"));
        Api.Reply typo = api().post("/internal/resilience/performance/benchmark", Map.of("iteration", 5));
        assertThat(slow.json().path("detail").asString()).isEqualTo("include_slow must be true or false, got '\"yes\"'");
        assertThat(operations.json().path("details").path("field").asString()).isEqualTo("operations");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("detail").asString()).contains("'iteration'").contains("iterations, include_slow, operations");
    }

    @Test
    void thresholdsAnswerWithoutAKeyWithTheSeedsKeys() {
        Api.Reply reply = api().withKey(null).get("/internal/resilience/performance/thresholds");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(fieldNames(body)).startsWith("thresholds", "targets", "measurement_info");
        assertThat(fieldNames(body.path("thresholds")))
                .containsExactly("config_loading_ms", "preset_access_ms", "validation_ms", "service_initialization_ms");
        assertThat(body.path("thresholds").path("config_loading_ms").asDouble()).isEqualTo(100.0);
        assertThat(body.path("thresholds").path("preset_access_ms").asDouble()).isEqualTo(10.0);
        assertThat(body.path("thresholds").path("validation_ms").asDouble()).isEqualTo(50.0);
        assertThat(body.path("thresholds").path("service_initialization_ms").asDouble()).isEqualTo(200.0);
        assertThat(body.path("targets").path("primary_target").asString()).isNotBlank();
        assertThat(body.path("targets").path("secondary_targets").size()).isEqualTo(3);
        assertThat(fieldNames(body.path("measurement_info"))).startsWith("default_iterations", "memory_tracking",
                "timing_precision");
        assertThat(body.path("measurement_info").path("default_iterations").asInt()).isEqualTo(50);
        // Only the thresholds are public: the rest of /performance still needs the key.
        assertThat(api().withKey(null).get("/internal/resilience/performance/history").status()).isEqualTo(401);
        assertThat(api().withKey(null).get("/internal/resilience/performance/benchmark").status()).isEqualTo(401);
    }

    @Test
    void theReportRendersTheLatestRunAsTextOrJson() {
        JsonNode text = api().get("/internal/resilience/performance/report?format=text").json();
        JsonNode json = api().get("/internal/resilience/performance/report").json();

        assertThat(fieldNames(text)).startsWith("format", "report", "timestamp");
        assertThat(text.path("format").asString()).isEqualTo("text");
        assertThat(text.path("report").asString()).contains("RESILIENCE CONFIGURATION PERFORMANCE REPORT")
                .contains("Performance Results:");
        assertThat(fieldNames(json)).containsExactly("format", "suite", "analysis");
        assertThat(fieldNames(json.path("analysis").path("performance_summary")))
                .containsExactly("avg_config_loading_ms", "avg_preset_loading_ms", "target_met");
        assertThat(json.path("analysis").path("recommendations").size()).isEqualTo(2);
    }

    @Test
    void theHistoryListsTheLastRunsAndTheCurrentResults() {
        api().post("/internal/resilience/performance/benchmark", Map.of("iterations", 1, "operations",
                List.of("preset_loading", "validation_performance", "call_overhead")));

        JsonNode history = api().get("/internal/resilience/performance/history?limit=2").json();

        assertThat(fieldNames(history)).startsWith("message", "note", "current_results");
        assertThat(operations(history.path("current_results"))).containsExactly("validation_performance", "call_overhead");
        assertThat(fieldNames(history.path("current_results").get(0))).containsExactly("operation", "avg_duration_ms",
                "timestamp");
        assertThat(history.path("runs").size()).isBetween(1, 2);
        assertThat(history.has("trends")).isTrue();
    }
}
