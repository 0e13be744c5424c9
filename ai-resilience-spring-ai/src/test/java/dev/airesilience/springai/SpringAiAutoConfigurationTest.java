package dev.airesilience.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.LogCapture;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.spring.boot.AIServiceResilienceCustomizer;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The adapter's own auto-configuration next to the starter's. */
class SpringAiAutoConfigurationTest {

    private static ScriptedProvider provider;

    private final ManualClock clock = new ManualClock();
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class,
                    AIResilienceSpringAiAutoConfiguration.class))
            .withBean(AIServiceResilienceCustomizer.class, () -> builder -> builder.clock(clock));

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void theAdvisorJoinsEveryCustomizedChatClientBuilder() {
        provider.reset();
        runner.withPropertyValues("ai.resilience.spring-ai.operation=assistant")
                .withBean(ChatModel.class, () -> SpringAiEndToEndTest.model(provider.openAiBaseUrl(), 0))
                .run(context -> {
                    assertThat(context).hasSingleBean(ResilienceAdvisor.class);
                    assertThat(context.getBean(ResilienceAdvisor.class).operation()).isEqualTo("assistant");
                    context.getBean(AIServiceResilience.class).registerOperationConfig("assistant", Scenarios.config());

                    ChatClient.Builder builder = ChatClient.builder(context.getBean(ChatModel.class));
                    context.getBeanProvider(ChatClientBuilderCustomizer.class).forEach(c -> c.customize(builder));
                    provider.script(Reply.rateLimited("2"));

                    assertThat(builder.build().prompt("Say hello").call().content()).isEqualTo(ScriptedProvider.ANSWER);
                    assertThat(provider.requests()).isEqualTo(2);
                    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
                    assertThat(context.getBean(AIServiceResilience.class).getMetrics("assistant").totalCalls()).isEqualTo(1);
                });
    }

    @Test
    void anOpenAiChatModelThatStillRetriesIsReported() {
        try (LogCapture log = LogCapture.of(AIResilienceSpringAiAutoConfiguration.class)) {
            runner.withBean(ChatModel.class, () -> SpringAiEndToEndTest.model(provider.openAiBaseUrl(), null))
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0)).contains("maxRetries=3").contains("spring.ai.openai.chat.options.max-retries=0");
        }
        try (LogCapture log = LogCapture.of(AIResilienceSpringAiAutoConfiguration.class)) {
            runner.withBean(ChatModel.class, () -> SpringAiEndToEndTest.model(provider.openAiBaseUrl(), 0))
                    .run(context -> assertThat(context).hasNotFailed());
            assertThat(log.warnings()).isEmpty();
        }
    }

    @Test
    void itCanBeSwitchedOff() {
        runner.withPropertyValues("ai.resilience.spring-ai.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ResilienceAdvisor.class)
                        .doesNotHaveBean(ChatClientBuilderCustomizer.class));
    }
}
