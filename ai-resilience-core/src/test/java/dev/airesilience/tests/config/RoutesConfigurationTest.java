package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.TargetSelection;
import dev.airesilience.config.monitoring.ConfigEvent;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Issue 15: routes in the JSON configuration ({@code routes}), read into the engine's records. */
class RoutesConfigurationTest {

    private static final String SUMMARIZE = "{\"routes\": {\"summarize\": {"
            + "\"targets\": [{\"name\": \"openai/gpt-4o\", \"weight\": 3, \"requests_per_minute\": 500,"
            + " \"tokens_per_minute\": 30000},"
            + " {\"name\": \"anthropic/claude-sonnet\", \"tokens_per_minute\": 40000}],"
            + " \"selection\": \"weighted\", \"context_length_target\": \"openai/gpt-4.1\","
            + " \"content_policy_target\": null}}}";

    private static AIServiceResilience orchestrator(String customConfig) {
        return AIServiceResilience.builder().clock(new ManualClock())
                .settings(ResilienceSettings.builder().customConfig(customConfig).build()).build();
    }

    private static AIServiceResilience orchestrator() {
        return AIServiceResilience.builder().clock(new ManualClock()).settings(ResilienceSettings.defaults()).build();
    }

    @Test
    void aFullRouteIsReadIntoTheEngineRecords() {
        try (AIServiceResilience resilience = orchestrator(SUMMARIZE)) {
            ResolvedConfiguration resolved = resilience.getConfiguration();

            assertThat(resolved.route("summarize")).contains(new RoutingConfig(List.of(
                    new RoutingConfig.Target("openai/gpt-4o", 3, new QuotaConfig(500, 30_000)),
                    new RoutingConfig.Target("anthropic/claude-sonnet", 1, QuotaConfig.tokensPerMinute(40_000))),
                    TargetSelection.WEIGHTED, "openai/gpt-4.1", null));
            assertThat(resolved.route("translate")).isEmpty();
            assertThat(resolved.routeSources()).containsExactly(Map.entry("summarize", ConfigSource.CUSTOM));
            assertThat(resilience.getStartupConfigurationProblems()).isEmpty();
        }
    }

    @Test
    void weightQuotasSelectionAndErrorTargetsHaveDefaults() {
        try (AIServiceResilience resilience = orchestrator()) {
            resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"a\"}, {\"name\": \"b\","
                    + " \"weight\": null}]}}}");

            RoutingConfig route = resilience.getConfiguration().route("chat").orElseThrow();
            assertThat(route.targets()).extracting(RoutingConfig.Target::name, RoutingConfig.Target::weight,
                    RoutingConfig.Target::quota).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("a", 1, QuotaConfig.NONE),
                            org.assertj.core.groups.Tuple.tuple("b", 1, QuotaConfig.NONE));
            assertThat(route.selection()).isEqualTo(TargetSelection.ORDERED);
            assertThat(route.contextLengthTarget()).isNull();
            assertThat(route.contentPolicyTarget()).isNull();
            assertThat(route).isEqualTo(RoutingConfig.of("a", "b"));
            assertThat(resilience.getConfiguration().routeSources()).containsEntry("chat", ConfigSource.RUNTIME);
        }
    }

    @Test
    void theRouteInForceIsReportedAsTheDocumentThatGivesItBack() {
        try (AIServiceResilience resilience = orchestrator(SUMMARIZE)) {
            Map<String, Object> document = resilience.getConfiguration().routeDocuments().get("summarize");
            assertThat(document).containsEntry("selection", "weighted").containsEntry("context_length_target",
                    "openai/gpt-4.1").containsEntry("content_policy_target", null);
            assertThat((List<?>) document.get("targets")).first().isEqualTo(Map.of("name", "openai/gpt-4o", "weight", 3,
                    "requests_per_minute", 500L, "tokens_per_minute", 30_000L));

            RoutingConfig before = resilience.getConfiguration().route("summarize").orElseThrow();
            resilience.updateConfiguration(Map.of("routes", Map.of("copy", document)));
            assertThat(resilience.getConfiguration().route("copy")).contains(before);
        }
    }

    @Test
    void everyProblemOfARouteDocumentIsReportedWithItsPathTheRangeAndTheValue() {
        String json = "{\"routes\": {"
                + "\"summarize\": {\"targets\": ["
                + "  {\"name\": \"openai/gpt-4o\", \"tokens_per_minute\": -1, \"rpm\": 500},"
                + "  {\"name\": \"anthropic/claude-sonnet\", \"weight\": 0},"
                + "  {\"name\": \"openai/gpt-4o\"}],"
                + " \"selection\": \"random\", \"fallback\": \"x\"},"
                + "\"chat\": \"openai/gpt-4o\","
                + "\"empty\": {\"targets\": []},"
                + "\"none\": {\"selection\": \"ordered\"}}}";
        try (AIServiceResilience resilience = orchestrator()) {
            ValidationResult result = resilience.validateConfiguration(json);
            assertThat(result.isValid()).isFalse();

            assertThatThrownBy(() -> resilience.updateConfiguration(json))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                        List<ConfigProblem> problems = e.problems();
                        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                                "$.routes.summarize.fallback",
                                "$.routes.summarize.targets[0].rpm",
                                "$.routes.summarize.targets[0].tokens_per_minute",
                                "$.routes.summarize.targets[1].weight",
                                "$.routes.summarize.targets[2].name",
                                "$.routes.summarize.selection",
                                "$.routes.chat",
                                "$.routes.empty.targets",
                                "$.routes.none.targets");
                        problem(problems, "$.routes.summarize.targets[1].weight", p -> {
                            assertThat(p.allowed()).isEqualTo("between 1 and 1000 (inclusive)");
                            assertThat(p.received()).isEqualTo("0");
                            assertThat(p.message()).contains("routes.summarize.targets[1].weight")
                                    .contains("anthropic/claude-sonnet").contains("between 1 and 1000")
                                    .endsWith("but was 0");
                        });
                        problem(problems, "$.routes.summarize.targets[0].tokens_per_minute", p -> {
                            assertThat(p.allowed()).isEqualTo("between 0 and 10000000000 (inclusive; 0: no limit)");
                            assertThat(p.received()).isEqualTo("-1");
                            assertThat(p.message()).contains("routes.summarize.targets[0].tokens_per_minute")
                                    .contains("tokensPerMinute").contains("between 0 and 10000000000")
                                    .endsWith("but was -1");
                        });
                        problem(problems, "$.routes.summarize.targets[2].name", p -> {
                            assertThat(p.allowed()).isEqualTo("unique names");
                            assertThat(p.received()).isEqualTo("\"openai/gpt-4o\"");
                            assertThat(p.message()).contains("routes.summarize.targets[2].name")
                                    .contains("'openai/gpt-4o' appears twice");
                        });
                        problem(problems, "$.routes.summarize.targets[0].rpm", p -> {
                            assertThat(p.allowed()).isEqualTo("one of name, weight, requests_per_minute, tokens_per_minute");
                            assertThat(p.received()).isEqualTo("rpm");
                            assertThat(p.message()).contains("routes.summarize.targets[0].rpm").contains("unknown key")
                                    .contains("requests_per_minute");
                        });
                        problem(problems, "$.routes.summarize.fallback", p -> {
                            assertThat(p.allowed()).isEqualTo(
                                    "one of targets, selection, context_length_target, content_policy_target");
                            assertThat(p.message()).contains("unknown key");
                        });
                        problem(problems, "$.routes.summarize.selection", p -> {
                            assertThat(p.allowed()).isEqualTo("one of ordered, weighted");
                            assertThat(p.received()).isEqualTo("\"random\"");
                            assertThat(p.message()).contains("routes.summarize.selection").contains("\"random\"");
                        });
                        problem(problems, "$.routes.chat", p -> {
                            assertThat(p.allowed()).startsWith("an object with targets, selection");
                            assertThat(p.received()).isEqualTo("\"openai/gpt-4o\"");
                            assertThat(p.message()).contains("routes.chat").contains("but was \"openai/gpt-4o\"");
                        });
                        problem(problems, "$.routes.empty.targets", p -> {
                            assertThat(p.allowed()).isEqualTo("between 1 and 16 targets (inclusive)");
                            assertThat(p.received()).isEqualTo("0 targets");
                            assertThat(p.message()).contains("routes.empty.targets").contains("but had 0");
                        });
                        problem(problems, "$.routes.none.targets", p -> {
                            assertThat(p.allowed()).startsWith("an array of 1 to 16 targets");
                            assertThat(p.message()).contains("required").contains("missing");
                        });
                    });
            assertThat(result.errors()).hasSize(9);
        }
    }

    @Test
    void targetNamesAndErrorTargetsAreCheckedByTheRecords() {
        try (AIServiceResilience resilience = orchestrator()) {
            String tooLong = "x".repeat(RoutingConfig.MAX_NAME_LENGTH + 1);
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": ["
                    + "{\"name\": \"" + tooLong + "\", \"weight\": 1001}, {\"weight\": 2}, {\"name\": 7},"
                    + " {\"name\": \"b\", \"requests_per_minute\": 1.5}],"
                    + " \"content_policy_target\": \"\", \"context_length_target\": 4}}}"))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                                "$.routes.chat.targets[0].name", "$.routes.chat.targets[0].weight",
                                "$.routes.chat.targets[1].name", "$.routes.chat.targets[2].name",
                                "$.routes.chat.targets[3].requests_per_minute",
                                "$.routes.chat.content_policy_target", "$.routes.chat.context_length_target");
                        problem(e.problems(), "$.routes.chat.targets[0].name",
                                p -> assertThat(p.message()).contains("1 to 190 characters"));
                        problem(e.problems(), "$.routes.chat.targets[0].weight",
                                p -> assertThat(p.message()).contains("between 1 and 1000").endsWith("but was 1001"));
                        problem(e.problems(), "$.routes.chat.targets[1].name",
                                p -> assertThat(p.message()).contains("must not be null"));
                        problem(e.problems(), "$.routes.chat.targets[3].requests_per_minute",
                                p -> assertThat(p.message()).contains("integer").endsWith("but was 1.5"));
                        problem(e.problems(), "$.routes.chat.content_policy_target",
                                p -> assertThat(p.message()).contains("RoutingConfig.contentPolicyTarget"));
                    });
        }
    }

    @Test
    void anInvalidOrTooLongTargetsArrayIsOneProblem() {
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i <= RoutingConfig.MAX_TARGETS; i++) {
            targets.append(i == 0 ? "" : ",").append("{\"name\": \"t").append(i).append("\", \"weight\": 0}");
        }
        try (AIServiceResilience resilience = orchestrator()) {
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": ["
                    + targets + "]}, \"qa\": {\"targets\": {\"name\": \"a\"}}}}"))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> {
                        assertThat(e.problems()).extracting(ConfigProblem::path)
                                .containsExactly("$.routes.chat.targets", "$.routes.qa.targets");
                        assertThat(e.problems().get(0).message()).contains("between 1 and 16 targets").endsWith("but had 17");
                        assertThat(e.problems().get(1).message()).contains("an array").endsWith("but was {\"name\":\"a\"}");
                    });
        }
    }

    @Test
    void aRejectedUpdateLeavesTheRoutesInForceUnchanged() {
        try (AIServiceResilience resilience = orchestrator(SUMMARIZE)) {
            resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"a\"}]}}}");
            ResolvedConfiguration before = resilience.getConfiguration();
            RoutingConfig summarize = before.route("summarize").orElseThrow();

            // a valid route for summarize beside an invalid one for chat, and a valid key: nothing applies
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"retry_attempts\": 5, \"routes\": {"
                    + "\"summarize\": {\"targets\": [{\"name\": \"z\"}]}, \"chat\": {\"targets\": [{\"name\": \"a\","
                    + " \"weight\": 0}]}}}")).isInstanceOf(InvalidConfigurationException.class);
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"routes\": {\"chat\": null, \"qa\": 1}}"))
                    .isInstanceOf(InvalidConfigurationException.class);

            assertThat(resilience.getConfiguration()).isEqualTo(before);
            assertThat(resilience.getConfiguration().route("summarize")).contains(summarize);
            assertThat(resilience.getConfiguration().route("chat")).contains(RoutingConfig.of("a"));
        }
    }

    @Test
    void aRuntimeUpdateReplacesOneOperationsRouteAndKeepsTheOthers() {
        try (AIServiceResilience resilience = orchestrator(SUMMARIZE)) {
            RoutingConfig summarize = resilience.getConfiguration().route("summarize").orElseThrow();
            resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"a\"}, {\"name\": \"b\"}]},"
                    + " \"qa\": {\"targets\": [{\"name\": \"q\"}]}}}");

            ResolvedConfiguration resolved = resilience.updateConfiguration(
                    "{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"c\", \"requests_per_minute\": 60}]}}}");

            assertThat(resolved.route("chat")).contains(RoutingConfig.builder()
                    .target("c", QuotaConfig.requestsPerMinute(60)).build());
            assertThat(resolved.route("qa")).contains(RoutingConfig.of("q"));
            assertThat(resolved.route("summarize")).contains(summarize);
            assertThat(resolved.routeSources()).containsEntry("summarize", ConfigSource.CUSTOM)
                    .containsEntry("chat", ConfigSource.RUNTIME).containsEntry("qa", ConfigSource.RUNTIME);
            List<ConfigEvent> changes = resilience.configEvents().events(null, ConfigEventType.CONFIG_CHANGE);
            assertThat(changes.get(changes.size() - 1).metadata().get("changes")).isEqualTo(Map.of("routes.chat",
                    change(Map.of("targets", List.of(target("a"), target("b"))), Map.of("targets",
                            List.of(Map.of("name", "c", "weight", 1, "requests_per_minute", 60L,
                                    "tokens_per_minute", 0L))))));

            // a runtime route replaces the custom document's route of the same operation
            resilience.updateConfiguration("{\"routes\": {\"summarize\": {\"targets\": [{\"name\": \"s\"}]}}}");
            assertThat(resilience.getConfiguration().route("summarize")).contains(RoutingConfig.of("s"));
            assertThat(resilience.getConfiguration().route("qa")).contains(RoutingConfig.of("q"));
        }
    }

    @Test
    void nullRemovesAnOperationsRouteWhicheverLayerGaveIt() {
        try (AIServiceResilience resilience = orchestrator(SUMMARIZE)) {
            resilience.updateConfiguration("{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"a\"}]}}}");

            ResolvedConfiguration resolved = resilience.updateConfiguration("{\"routes\": {\"summarize\": null,"
                    + " \"chat\": null, \"never_routed\": null}}");

            assertThat(resolved.route("summarize")).as("given by the custom document").isEmpty();
            assertThat(resolved.route("chat")).as("given by an update").isEmpty();
            assertThat(resolved.routes()).isEmpty();
            assertThat(resolved.routeSources()).isEmpty();

            resilience.updateConfiguration("{\"routes\": {\"summarize\": {\"targets\": [{\"name\": \"back\"}]}}}");
            assertThat(resilience.getConfiguration().route("summarize")).contains(RoutingConfig.of("back"));
            assertThat(resilience.getConfiguration().route("chat")).isEmpty();
        }
    }

    @Test
    void runtimeUpdatesMayRouteAtMostAThousandOperationsAndAreRefusedWholeBeyond() {
        try (AIServiceResilience resilience = orchestrator()) {
            // a document holds at most 1000 keys: 1000 operations take two updates (removals are entries too)
            StringBuilder first = new StringBuilder("{\"routes\": {\"chat\": {\"targets\": [{\"name\": \"a\"}]}");
            StringBuilder second = new StringBuilder("{\"routes\": {\"op1\": null");
            for (int i = 2; i < ConfigSchema.MAX_RUNTIME_ROUTES; i++) {
                (i % 2 == 0 ? first : second).append(", \"op").append(i).append("\": null");
            }
            resilience.updateConfiguration(first.append("}}").toString());
            resilience.updateConfiguration(second.append("}}").toString());
            ResolvedConfiguration before = resilience.getConfiguration();

            // reassigning operations already there is fine; one more operation is not
            resilience.updateConfiguration("{\"routes\": {\"op1\": null, \"chat\": {\"targets\": [{\"name\": \"b\"}]}}}");
            assertThat(resilience.getConfiguration().route("chat")).contains(RoutingConfig.of("b"));
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"routes\": {\"chat\": null, \"new\": null}}"))
                    .isInstanceOfSatisfying(InvalidConfigurationException.class, e -> assertThat(e.problems())
                            .singleElement().satisfies(p -> {
                                assertThat(p.path()).isEqualTo("$.routes");
                                assertThat(p.message()).contains("at most 1000").contains("1001");
                            }));
            assertThat(resilience.getConfiguration().route("chat")).contains(RoutingConfig.of("b"));
            assertThat(before.route("chat")).contains(RoutingConfig.of("a"));
        }
    }

    @Test
    void anInvalidRouteInTheCustomDocumentIsAStartupProblem() {
        try (AIServiceResilience resilience = orchestrator("{\"retry_attempts\": 4, \"routes\": {\"chat\":"
                + " {\"targets\": [{\"name\": \"a\", \"weight\": 0}]}}}")) {
            assertThat(resilience.getStartupConfigurationProblems()).extracting(ConfigProblem::path)
                    .containsExactly("$.routes.chat.targets[0].weight");
            assertThat(resilience.getConfiguration().route("chat")).isEmpty();
            assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 3);
        }
    }

    private static Map<String, Object> target(String name) {
        return Map.of("name", name, "weight", 1, "requests_per_minute", 0L, "tokens_per_minute", 0L);
    }

    /** An {old, new} entry of a change event, with the routes' documents completed by their defaults. */
    private static Map<String, Object> change(Map<String, Object> old, Map<String, Object> now) {
        java.util.function.Function<Map<String, Object>, Map<String, Object>> full = partial -> {
            Map<String, Object> document = new java.util.LinkedHashMap<>();
            document.put("targets", partial.get("targets"));
            document.put("selection", "ordered");
            document.put("context_length_target", null);
            document.put("content_policy_target", null);
            return document;
        };
        Map<String, Object> change = new java.util.LinkedHashMap<>();
        change.put("old", full.apply(old));
        change.put("new", full.apply(now));
        return change;
    }

    private static void problem(List<ConfigProblem> problems, String path, Consumer<ConfigProblem> check) {
        assertThat(problems).filteredOn(p -> p.path().equals(path)).singleElement().satisfies(check::accept);
    }
}
