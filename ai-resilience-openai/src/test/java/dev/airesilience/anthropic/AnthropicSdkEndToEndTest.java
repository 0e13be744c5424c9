package dev.airesilience.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.LogCapture;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.openai.OnceWarning;
import dev.airesilience.openai.ResilientClient;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Anthropic Java SDK against the scripted provider (Messages format), its own retries off. */
class AnthropicSdkEndToEndTest {

    private static ScriptedProvider provider;
    private static AnthropicClient sdkDefaults;

    private ManualClock clock;
    private AIServiceResilience resilience;
    private ResilientClient<AnthropicClient> claude;

    private final MessageCreateParams params = MessageCreateParams.builder()
            .model("claude-test").maxTokens(64).addUserMessage("Say hello").build();

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
        sdkDefaults = AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl()).apiKey("test-key").build();
    }

    @AfterAll
    static void stopProvider() {
        sdkDefaults.close();
        provider.close();
    }

    @BeforeEach
    void setUp() {
        provider.reset();
        clock = new ManualClock();
        resilience = Scenarios.resilience(clock, "claude");
        claude = AnthropicClients.resilient(AnthropicClients.withoutRetries(sdkDefaults), resilience, "claude");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
    }

    private String chat() {
        return claude.call(c -> text(c.messages().create(params)));
    }

    private static String text(Message message) {
        return message.content().get(0).asText().text();
    }

    private CircuitState breaker() {
        return resilience.getCircuitBreaker("claude").orElseThrow().state();
    }

    @Test
    void rateLimitWithRetryAfterTwoSecondsIsWaitedOutOnce() {
        provider.script(Reply.rateLimited("2"));

        assertThat(chat()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
        assertThat(provider.recorded()).allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/messages"));
    }

    @Test
    void unauthorizedIsSentOnce() {
        provider.script(Reply.unauthorized());

        assertThatThrownBy(this::chat)
                .isInstanceOf(PermanentAIException.class)
                .hasCauseInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(401));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void overloaded529TwiceThenSuccessCostsThreeRequests() {
        provider.script(Reply.overloaded(), Reply.overloaded());

        assertThat(chat()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void promptTooLongIsPermanentWithItsReason() {
        provider.script(Reply.contextLengthExceeded());

        assertThatThrownBy(this::chat)
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "context_length_exceeded"))
                .hasCauseInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(400));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void aClientThatStillRetriesIsReportedOnce() {
        OnceWarning.resetForTests();
        try (LogCapture log = LogCapture.of(AnthropicClients.class)) {
            AnthropicClients.resilient(sdkDefaults, resilience, "claude");
            AnthropicClients.resilient(sdkDefaults, resilience, "claude");
            AnthropicClients.resilient(AnthropicClients.withoutRetries(sdkDefaults), resilience, "claude");

            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0)).contains("maxRetries=2").contains("AnthropicClients.withoutRetries");
        }
    }
}
