package dev.airesilience.spring.boot;

import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceHealthAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.SlidingWindowType;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import dev.airesilience.spring.boot.actuate.AIResilienceHealthIndicator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every name under ai.resilience is checked, every key works per operation, and values with a fixed set are checked. */
class StrictPropertiesTest {

    private static final java.util.Set<ConfigKey> DOCUMENT_WIDE =
            java.util.EnumSet.of(ConfigKey.DEFAULT_STRATEGY, ConfigKey.OPERATION_OVERRIDES, ConfigKey.ROUTES);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class,
                    AIResilienceHealthAutoConfiguration.class));

    @Test
    void aMisspeltOperationKeyFailsStartupWithTheKeyAndTheNearestValidOne() {
        runner.withPropertyValues("ai.resilience.operations.chat.retry-atempts=4").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.operations.chat.retry-atempts");
            assertThat(problem.value()).isEqualTo("4");
            assertThat(problem.suggestion()).isEqualTo("ai.resilience.operations.chat.retry-attempts");
            assertThat(problem.allowed()).contains("strategy", "retry-attempts", "attempt-timeout-seconds");
            assertThat(problem.origin()).contains("test");
        });
    }

    @Test
    void aDocumentKeyAtTheTopLevelPointsToCustomConfigAndToOperations() {
        runner.withPropertyValues("ai.resilience.retry-attempts=4").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.retry-attempts");
            assertThat(problem.suggestion()).contains("ai.resilience.custom-config.retry-attempts")
                    .contains("ai.resilience.operations.<name>.retry-attempts");
        });
    }

    @Test
    void misspeltTopLevelAndCustomConfigKeysAreNamedWithTheirNearestValidKey() {
        runner.withPropertyValues("ai.resilience.presett=simple", "ai.resilience.custom-config.jiter-max=2",
                "ai.resilience.health.open-circut-status=DOWN").run(context -> {
                    assertThat(problems(context)).extracting(Problem::property, Problem::suggestion).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("ai.resilience.presett", "ai.resilience.preset"),
                            org.assertj.core.groups.Tuple.tuple("ai.resilience.custom-config.jiter-max",
                                    "ai.resilience.custom-config.jitter-max"),
                            org.assertj.core.groups.Tuple.tuple("ai.resilience.health.open-circut-status",
                                    "ai.resilience.health.open-circuit-status"));
                });
    }

    @Test
    void snakeCaseAndCamelCaseSpellingsOfAKnownKeyAreAccepted() {
        runner.withPropertyValues("ai.resilience.custom-config.retry_attempts=6",
                "ai.resilience.operations.chat.recoveryTimeout=45").run(context -> {
                    assertThat(context).hasNotFailed();
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().values()).containsEntry("retry_attempts", 6);
                    assertThat(resilience.getOperationConfig("chat").circuitBreaker().recoveryTimeout()).isEqualTo(Duration.ofSeconds(45));
                });
    }

    @Test
    void theAttemptTimeoutIsAnOperationKey() {
        runner.withPropertyValues("ai.resilience.operations.chat.attempt-timeout-seconds=2.5").run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getOperationConfig("chat").attemptTimeout()).isEqualTo(Duration.ofMillis(2500));
            assertThat(resilience.getOperationConfig("translate").attemptTimeout()).isNull();
        });
    }

    @Test
    void aServiceWideAttemptTimeoutIsKeptWhenAnOperationSetsOtherKeys() {
        runner.withPropertyValues("ai.resilience.custom-config.attempt-timeout-seconds=5",
                "ai.resilience.operations.chat.retry-attempts=4",
                "ai.resilience.operations.summarize.attempt-timeout-seconds=2").run(context -> {
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getOperationConfig("chat").retry().maxAttempts()).isEqualTo(4);
                    assertThat(resilience.getOperationConfig("chat").attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(resilience.getOperationConfig("summarize").attemptTimeout()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(resilience.getOperationConfig("translate").attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    /**
     * A key added to the core's schema must also be an operation property, or this test fails. The three
     * document-wide keys are not: an operation's strategy and route have properties of their own.
     */
    @Test
    void everyConfigurationKeyButTheDocumentWideOnesIsAnOperationProperty() {
        String[] properties = Arrays.stream(ConfigKey.values())
                .filter(key -> !DOCUMENT_WIDE.contains(key))
                .map(key -> "ai.resilience.operations.chat." + key.jsonName().replace('_', '-') + "="
                        + (key.type() == ConfigKey.Type.BOOLEAN ? "true" : key.type() == ConfigKey.Type.INT
                                ? String.valueOf((int) key.max()) : key.type() == ConfigKey.Type.CHOICE
                                ? key.choices().get(key.choices().size() - 1) : String.valueOf(key.max())))
                .toArray(String[]::new);
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            Map<String, Object> keys = context.getBean(AIResilienceProperties.class).getOperations().get("chat").configKeys();
            assertThat(keys.keySet()).containsExactlyInAnyOrderElementsOf(Arrays.stream(ConfigKey.values())
                    .filter(key -> !DOCUMENT_WIDE.contains(key))
                    .map(ConfigKey::jsonName).collect(Collectors.toList()));
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            assertThat(resilience.getOperationConfig("chat").retry().maxAttempts()).isEqualTo((int) ConfigKey.RETRY_ATTEMPTS.max());
            assertThat(resilience.getOperationConfig("chat").attemptTimeout())
                    .isEqualTo(Duration.ofSeconds((long) ConfigKey.ATTEMPT_TIMEOUT_SECONDS.max()));
            CircuitBreakerConfig breaker = resilience.getOperationConfig("chat").circuitBreaker();
            assertThat(breaker.mode()).isEqualTo(BreakerMode.FAILURE_RATE);
            assertThat(breaker.slidingWindowType()).isEqualTo(SlidingWindowType.TIME);
            assertThat(breaker.slidingWindowDuration())
                    .isEqualTo(Duration.ofSeconds((long) ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION.max()));
            assertThat(breaker.slowCallDurationThreshold())
                    .isEqualTo(Duration.ofSeconds((long) ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD.max()));
        });
    }

    @Test
    void breakerModeValuesAreCheckedAndSpeltAsSpringWritesEnums() {
        runner.withPropertyValues("ai.resilience.operations.chat.circuit-breaker-mode=FAILURE-RATE",
                "ai.resilience.operations.chat.circuit-breaker-sliding-window-type=Time").run(context -> {
                    assertThat(context).hasNotFailed();
                    CircuitBreakerConfig breaker = context.getBean(AIServiceResilience.class).getOperationConfig("chat")
                            .circuitBreaker();
                    assertThat(breaker.mode()).isEqualTo(BreakerMode.FAILURE_RATE);
                    assertThat(breaker.slidingWindowType()).isEqualTo(SlidingWindowType.TIME);
                });
        runner.withPropertyValues("ai.resilience.operations.chat.circuit-breaker-mode=sometimes",
                "ai.resilience.operations.chat.circuit-breaker-sliding-window-duration=1.5").run(context -> {
                    assertThat(problems(context)).extracting(Problem::property, Problem::allowed).containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("ai.resilience.operations.chat.circuit-breaker-mode",
                                    "one of consecutive, failure_rate"),
                            org.assertj.core.groups.Tuple.tuple(
                                    "ai.resilience.operations.chat.circuit-breaker-sliding-window-duration",
                                    "a whole number of seconds between 1 and 600 (inclusive)"));
                });
    }

    @Test
    void anOperationNameWithADotIsWrittenInBrackets() {
        runner.withPropertyValues("ai.resilience.operations[ChatService.reply].strategy=critical",
                "ai.resilience.operations[ChatService.reply].retry-attempts=7").run(context -> {
                    assertThat(context).hasNotFailed();
                    AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
                    assertThat(resilience.getConfiguration().operationOverrides())
                            .containsEntry("ChatService.reply", ResilienceStrategy.CRITICAL);
                    assertThat(resilience.getOperationConfig("ChatService.reply").strategy()).isEqualTo(ResilienceStrategy.CRITICAL);
                    assertThat(resilience.getOperationConfig("ChatService.reply").retry().maxAttempts()).isEqualTo(7);
                });
    }

    @Test
    void anOperationNameWithADotButNoBracketsFailsWithTheBracketedForm() {
        runner.withPropertyValues("ai.resilience.operations.ChatService.reply.retry-attempts=7").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.operations.ChatService.reply.retry-attempts");
            assertThat(problem.reason()).contains("brackets");
            assertThat(problem.suggestion()).isEqualTo("ai.resilience.operations[ChatService.reply].retry-attempts");
        });
    }

    @Test
    void aDottedNameInCustomConfigOverridesAlsoNeedsBrackets() {
        runner.withPropertyValues("ai.resilience.custom-config.operation-overrides[ChatService.reply]=critical")
                .run(context -> assertThat(context.getBean(AIServiceResilience.class).getConfiguration().operationOverrides())
                        .containsEntry("ChatService.reply", ResilienceStrategy.CRITICAL));
        runner.withPropertyValues("ai.resilience.custom-config.operation-overrides.ChatService.reply=critical")
                .run(context -> assertThat(onlyProblem(context).suggestion())
                        .isEqualTo("ai.resilience.custom-config.operation-overrides[ChatService.reply]"));
    }

    @Test
    void anUnknownHealthStatusFailsWithTheStatusesTheEndpointKnows() {
        runner.withPropertyValues("ai.resilience.health.open-circuit-status=BROKEN").run(context -> {
            Problem problem = onlyProblem(context);
            assertThat(problem.property()).isEqualTo("ai.resilience.health.open-circuit-status");
            assertThat(problem.value()).isEqualTo("BROKEN");
            assertThat(problem.allowed()).contains("CIRCUIT_OPEN", "DOWN", "OUT_OF_SERVICE", "UP");
        });
        runner.withPropertyValues("ai.resilience.health.open-circuit-status=out-of-service").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AIResilienceHealthIndicator.class)).isInstanceOf(HealthIndicator.class);
            assertThat(AIResilienceHealthIndicator.status("out-of-service")).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void anUnknownStrategyOrPresetFailsWithTheAllowedValues() {
        runner.withPropertyValues("ai.resilience.operations.chat.strategy=turbo", "ai.resilience.preset=fast").run(context -> {
            assertThat(problems(context)).extracting(Problem::property, Problem::value, Problem::allowed).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("ai.resilience.operations.chat.strategy", "turbo",
                            "one of aggressive, balanced, conservative, critical"),
                    org.assertj.core.groups.Tuple.tuple("ai.resilience.preset", "fast",
                            "one of simple, development, production"));
        });
    }

    @Test
    void everyProblemIsReportedAtOnceAndOperationValuesUseTheCoreRanges() {
        runner.withPropertyValues("ai.resilience.operations.chat.retry-attempts=21",
                "ai.resilience.operations.chat.jitter-enabled=maybe", "ai.resilience.max-operations=lots",
                "ai.resilience.config-watch.poll-interval=0s").run(context -> {
                    assertThat(problems(context)).extracting(Problem::property).containsExactlyInAnyOrder(
                            "ai.resilience.operations.chat.retry-attempts", "ai.resilience.operations.chat.jitter-enabled",
                            "ai.resilience.max-operations", "ai.resilience.config-watch.poll-interval");
                    assertThat(problems(context)).filteredOn(p -> p.property().endsWith("retry-attempts")).singleElement()
                            .satisfies(p -> assertThat(p.reason()).contains("between 1 and 20").contains("21"));
                });
    }

    @Test
    void environmentVariablesAreCheckedByTheirStartOnly() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("AI_RESILIENCE_CUSTOM_CONFIG", "{\"retry_attempts\": 4}", "AI_RESILIENCE_MAX_OPERATIONS", "50",
                                "AI_RESILIENCE_OPERATIONS_CHAT_STRATEGY", "critical"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(AIServiceResilience.class).getConfiguration().values())
                            .containsEntry("retry_attempts", 4);
                });
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("AI_RESILIENCE_RETRY_ATEMPTS", "4"))))
                .run(context -> assertThat(onlyProblem(context).origin()).contains("AI_RESILIENCE_RETRY_ATEMPTS"));
    }

    @Test
    void valuesAreCheckedAfterTheirPlaceholdersAreResolved() {
        runner.withPropertyValues("ai.resilience.preset=${NO_SUCH_VARIABLE_FOR_THIS_TEST:production}").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(AIServiceResilience.class).getConfiguration().presetName()).isEqualTo("production");
        });
        runner.withPropertyValues("ai.resilience.preset=${NO_SUCH_VARIABLE_FOR_THIS_TEST:turbo}")
                .run(context -> assertThat(onlyProblem(context).value()).isEqualTo("turbo"));
    }

    @Test
    void withTheStarterDisabledNothingIsChecked() {
        runner.withPropertyValues("ai.resilience.enabled=false", "ai.resilience.whatever=1")
                .run(context -> assertThat(context).hasNotFailed());
    }

    static java.util.List<Problem> problems(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof InvalidResiliencePropertiesException)) {
            failure = failure.getCause();
        }
        assertThat(failure).as("an InvalidResiliencePropertiesException in the cause chain of %s", context.getStartupFailure())
                .isNotNull();
        return ((InvalidResiliencePropertiesException) failure).problems();
    }

    static Problem onlyProblem(AssertableApplicationContext context) {
        java.util.List<Problem> problems = problems(context);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }
}
