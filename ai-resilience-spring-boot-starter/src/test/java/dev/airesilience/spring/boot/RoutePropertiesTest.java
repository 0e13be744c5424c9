package dev.airesilience.spring.boot;

import static dev.airesilience.spring.boot.StrictPropertiesTest.onlyProblem;
import static dev.airesilience.spring.boot.StrictPropertiesTest.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.TargetSelection;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

/** Issue 15: an operation's route as properties ({@code ai.resilience.operations.<name>.targets[<i>].*}). */
class RoutePropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class));

    @Test
    void operationPropertiesBindToTheOperationsRoute() {
        runner.withPropertyValues(
                "ai.resilience.operations.summarize.targets[0].name=openai/gpt-4o",
                "ai.resilience.operations.summarize.targets[0].weight=3",
                "ai.resilience.operations.summarize.targets[0].requests-per-minute=500",
                "ai.resilience.operations.summarize.targets[0].tokens-per-minute=30000",
                "ai.resilience.operations.summarize.targets[1].name=anthropic/claude-sonnet",
                "ai.resilience.operations.summarize.targets[1].tokensPerMinute=10000000000",
                "ai.resilience.operations.summarize.selection=weighted",
                "ai.resilience.operations.summarize.context-length-target=openai/gpt-4.1",
                "ai.resilience.operations.summarize.retry-attempts=2",
                "ai.resilience.operations[ChatService.reply].targets[0].name=small",
                "ai.resilience.operations[ChatService.reply].targets[1].name=large").run(context -> {
                    assertThat(context).hasNotFailed();
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);

                    assertThat(resilience.getConfiguration().route("summarize")).contains(new RoutingConfig(List.of(
                            new RoutingConfig.Target("openai/gpt-4o", 3, new QuotaConfig(500, 30_000)),
                            new RoutingConfig.Target("anthropic/claude-sonnet", 1,
                                    QuotaConfig.tokensPerMinute(QuotaConfig.MAX_TOKENS_PER_MINUTE))),
                            TargetSelection.WEIGHTED, "openai/gpt-4.1", null));
                    assertThat(resilience.getConfiguration().routeSources()).containsEntry("summarize", ConfigSource.CUSTOM);
                    assertThat(resilience.getOperationConfig("summarize").retry().maxAttempts()).isEqualTo(2);
                    assertThat(resilience.getConfiguration().route("ChatService.reply"))
                            .contains(RoutingConfig.of("small", "large"));

                    List<String> requests = new ArrayList<>();
                    String answer = resilience.operation("ChatService.reply").route().call(target -> {
                        requests.add(target.name());
                        if (target.name().equals("small")) {
                            throw new ServiceUnavailableException("503 from small", null, 503);
                        }
                        return "answer by " + target.name();
                    });
                    assertThat(answer).isEqualTo("answer by large");
                    assertThat(requests).containsExactly("small", "large");
                });
    }

    /** The README's application.yml example, as Spring reads a YAML file (lists as {@code targets[0]}). */
    @Test
    void aYamlRouteBindsAsWritten() {
        runner.withInitializer(context -> {
            try {
                new YamlPropertySourceLoader().load("routes-example.yml", new ClassPathResource("routes-example.yml"))
                        .forEach(source -> context.getEnvironment().getPropertySources().addFirst(source));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).run(context -> {
            assertThat(context).hasNotFailed();
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getConfiguration().route("summarize")).contains(RoutingConfig.builder()
                    .target("openai/gpt-4o", new QuotaConfig(500, 30_000))
                    .target("anthropic/claude-sonnet", QuotaConfig.tokensPerMinute(40_000))
                    .onContextLength("openai/gpt-4.1").build());
            assertThat(resilience.getConfiguration().route("ChatService.reply")).contains(RoutingConfig.builder()
                    .target("openai/gpt-4o-mini", 3).target("anthropic/claude-haiku", 1).weighted().build());
        });
    }

    @Test
    void anOperationsRouteWinsOverTheSameOperationsRouteInCustomConfigAndTheOthersStay() {
        runner.withPropertyValues("ai.resilience.custom-config={\"retry_attempts\": 4, \"routes\": {"
                        + "\"chat\": {\"targets\": [{\"name\": \"from-json\"}]}, \"qa\": {\"targets\": [{\"name\": \"qa-model\"}]}}}",
                "ai.resilience.operations.chat.targets[0].name=from-properties").run(context -> {
                    assertThat(context).hasNotFailed();
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().route("chat")).contains(RoutingConfig.of("from-properties"));
                    assertThat(resilience.getConfiguration().route("qa")).contains(RoutingConfig.of("qa-model"));
                    assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 4);
                });
    }

    @Test
    void customConfigTakesRoutesAsNestedPropertiesToo() {
        runner.withPropertyValues("ai.resilience.custom-config.routes.summarize.targets[0].name=a",
                "ai.resilience.custom-config.routes.summarize.targets[0].tokens-per-minute=100",
                "ai.resilience.custom-config.routes.summarize.targets[1].name=b",
                "ai.resilience.custom-config.routes.summarize.selection=weighted",
                "ai.resilience.custom-config.routes[my-op.v2].targets[0].name=c").run(context -> {
                    assertThat(context).hasNotFailed();
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().route("summarize")).contains(RoutingConfig.builder()
                            .target("a", QuotaConfig.tokensPerMinute(100)).target("b").weighted().build());
                    assertThat(resilience.getConfiguration().route("my-op.v2")).contains(RoutingConfig.of("c"));
                });
        runner.withPropertyValues("ai.resilience.custom-config.routes.summarize.targets[0].nme=a").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.custom-config.routes.summarize.targets[0].nme");
            assertThat(problem.allowed()).contains("name", "tokens-per-minute", "selection");
        });
        runner.withPropertyValues("ai.resilience.custom-config.routes.ChatService.reply.selection=ordered")
                .run(context -> assertThat(onlyProblem(context).suggestion())
                        .isEqualTo("ai.resilience.custom-config.routes[ChatService.reply].selection"));
    }

    @Test
    void aBadRoutePropertyFailsStartupWithTheCoreMessageNamingTheProperty() {
        runner.withPropertyValues("ai.resilience.operations.chat.targets[0].name=a",
                "ai.resilience.operations.chat.targets[0].tokens-per-minute=-1",
                "ai.resilience.operations.chat.targets[1].name=b",
                "ai.resilience.operations.chat.targets[1].weight=0",
                "ai.resilience.operations.chat.targets[2].name=a",
                "ai.resilience.operations.chat.selection=random").run(context -> {
                    List<Problem> problems = problems(context);
                    assertThat(problems).extracting(Problem::property, Problem::value, Problem::allowed)
                            .containsExactlyInAnyOrder(
                                    tuple("ai.resilience.operations.chat.targets[0].tokens-per-minute", "-1",
                                            "between 0 and 10000000000 (inclusive; 0: no limit)"),
                                    tuple("ai.resilience.operations.chat.targets[1].weight", "0",
                                            "between 1 and 1000 (inclusive)"),
                                    tuple("ai.resilience.operations.chat.targets[2].name", "a", "unique names"),
                                    tuple("ai.resilience.operations.chat.selection", "random", "one of ordered, weighted"));
                    assertThat(problems).filteredOn(p -> p.property().endsWith("targets[1].weight")).singleElement()
                            .satisfies(p -> assertThat(p.reason()).contains("weight of target 'b'")
                                    .contains("between 1 and 1000").endsWith("but was 0"));
                    assertThat(problems).filteredOn(p -> p.property().endsWith("tokens-per-minute")).singleElement()
                            .satisfies(p -> assertThat(p.reason()).contains("between 0 and 10000000000")
                                    .endsWith("but was -1"));
                    assertThat(problems).extracting(Problem::describe).anySatisfy(line -> assertThat(line)
                            .startsWith("ai.resilience.operations.chat.targets[1].weight = '0': Field"
                                    + " 'routes.chat.targets[1].weight': ")
                            .endsWith("Allowed: between 1 and 1000 (inclusive). (set in \"ai.resilience.operations.chat"
                                    + ".targets[1].weight\" from property source \"test\")"));
                });
    }

    @Test
    void aMisspeltTargetKeyOrAMissingTargetIsNamed() {
        runner.withPropertyValues("ai.resilience.operations.chat.targets[0].name=a",
                "ai.resilience.operations.chat.targets[0].requests-per-minut=5").run(context -> {
                    Problem problem = onlyProblem(context);
                    assertThat(problem.property()).isEqualTo("ai.resilience.operations.chat.targets[0].requests-per-minut");
                    assertThat(problem.suggestion())
                            .isEqualTo("ai.resilience.operations.chat.targets[0].requests-per-minute");
                    assertThat(problem.allowed()).contains("name", "weight", "requests-per-minute", "tokens-per-minute");
                });
        runner.withPropertyValues("ai.resilience.operations.qa.selection=weighted").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.operations.qa.targets");
            assertThat(problem.reason()).contains("required").contains("missing");
        });
        runner.withPropertyValues("ai.resilience.operations.qa.targets[0].name=a",
                "ai.resilience.operations.qa.targets[2].name=c").run(context -> {
                    Problem problem = onlyProblem(context);
                    assertThat(problem.property()).isEqualTo("ai.resilience.operations.qa.targets[1]");
                    assertThat(problem.reason()).contains("without a gap");
                });
        runner.withPropertyValues("ai.resilience.operations.ChatService.reply.targets[0].name=a").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.reason()).contains("brackets");
            assertThat(problem.suggestion()).isEqualTo("ai.resilience.operations[ChatService.reply].targets[0].name");
        });
        runner.withPropertyValues("ai.resilience.operations.chat.targets=a,b").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.operations.chat.targets");
            assertThat(problem.suggestion()).isEqualTo("ai.resilience.operations.chat.targets[0].name");
        });
    }
}
