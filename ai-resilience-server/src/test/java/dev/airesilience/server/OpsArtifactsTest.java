package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

/**
 * The Grafana dashboard and the Prometheus alerts in {@code ops/} parse, and every query names only metrics the
 * running service exposes: checked against a live {@code /actuator/prometheus} scrape after calls that succeed, fail
 * permanently and open a circuit, so every meter the queries use exists.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class OpsArtifactsTest {

    private static final Path OPS = Path.of("..", "ops");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$:])[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan");

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port, SharedContext.KEY);
        assertThat(api.put("/internal/chaos", Map.of("reset", true)).status()).isEqualTo(200);
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are not functions, keywords, label names (in
     * braces or groupings), durations or Grafana variables.
     */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"") // string literals
                .replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " "); // ranges
        bare = GROUPING.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String name = matcher.group();
            String rest = bare.substring(matcher.end()).stripLeading();
            if (!rest.startsWith("(") && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    @Test
    void theMetricNameExtractorSkipsFunctionsLabelsAndVariables() {
        assertThat(metricNames("histogram_quantile(0.95, sum by (operation, le) (rate(a_bucket{outcome=\"x\", "
                + "operation=~\"$operation\"}[$__rate_interval]))) > 30 and on(operation) max(b) == 1 / c_total"))
                .containsExactly("a_bucket", "b", "c_total");
    }

    private Api.Reply process(String operation) {
        return api.post("/v1/text/process", Map.of("operation", operation, "text",
                "The release is fast. Users love it. Some found the login slow."));
    }

    /** Successes, a permanent error (a 400), and an outage that opens a circuit. */
    private Set<String> scrapedMetricNames() {
        assertThat(process("sentiment").status()).isEqualTo(200);
        assertThat(api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("400", 1))).status())
                .isEqualTo(200);
        Api.Reply permanent = process("summarize");
        assertThat(permanent.body()).contains("retrying cannot help");
        assertThat(api.put("/internal/chaos", Map.of("outage_seconds", 60)).status()).isEqualTo(200);
        for (int i = 0; i < 3 && resilience.getCircuitBreaker("analyze_sentiment").orElseThrow().healthy(); i++) {
            process("sentiment");
        }
        api.put("/internal/chaos", Map.of("reset", true));

        JsonNode dashboardData = api.get("/internal/dashboard/data").json();
        assertThat(dashboardData.path("operations").valueStream()
                .flatMap(operation -> operation.path("lifetime").path("reasons").valueStream()) // by outcome: the service's fallback answers
                .mapToLong(byReason -> byReason.path("permanent").asLong()).sum())
                .as("the dashboard data carries the reason counts: %s", dashboardData).isPositive();

        Api.Reply scrape = api.withKey(null).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("reason=\"permanent\"");
        Set<String> names = new TreeSet<>();
        for (String line : scrape.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    @Test
    void dashboardAndAlertsParseAndQueryOnlyMetricsTheServiceExposes() throws IOException {
        JsonNode dashboard = Api.JSON.readTree(Files.readString(OPS.resolve("grafana/ai-resilience.json")));
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as("panel %s has queries", panel.path("title")).isPositive();
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asString()));
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher labelValues = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*)")
                    .matcher(variable.path("definition").asString());
            assertThat(labelValues.find()).as("variable %s", variable.path("name")).isTrue();
            queries.add(labelValues.group(1));
        }

        Map<String, Object> alertFile = new Yaml().load(Files.readString(OPS.resolve("prometheus/alerts.yml")));
        List<String> alertNames = new ArrayList<>();
        for (Object group : (List<?>) alertFile.get("groups")) {
            for (Object item : (List<?>) ((Map<?, ?>) group).get("rules")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> rule = (Map<String, Object>) item;
                assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
                assertThat(((Map<?, ?>) rule.get("labels")).get("severity")).isIn("critical", "warning");
                alertNames.add((String) rule.get("alert"));
                queries.add((String) rule.get("expr"));
            }
        }
        assertThat(alertNames).contains("AIResilienceCircuitOpen", "AIResiliencePermanentErrors",
                "AIResilienceHighFallbackRate", "AIResilienceRateLimited", "AIResilienceHighLatency");

        Set<String> exposed = scrapedMetricNames();
        Set<String> queried = new TreeSet<>();
        for (String query : queries) {
            Set<String> names = metricNames(query);
            assertThat(names).as("metrics read by %s", query).isNotEmpty();
            queried.addAll(names);
        }
        assertThat(queried).contains("ai_resilience_call_duration_seconds_count", "ai_resilience_circuit_state",
                "ai_resilience_call_duration_seconds_bucket", "resilience4j_circuitbreaker_not_permitted_calls_total");
        assertThat(exposed).as("metrics exposed at /actuator/prometheus").containsAll(queried);
    }
}
