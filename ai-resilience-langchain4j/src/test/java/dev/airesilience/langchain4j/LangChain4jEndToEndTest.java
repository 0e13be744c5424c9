package dev.airesilience.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.LogCapture;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j OpenAI chat model (its own retries off: {@code maxRetries(0)}) against the scripted
 * provider, wrapped in {@link ResilientChatModel}: requests counted, waits in virtual time.
 */
class LangChain4jEndToEndTest {

    interface Assistant {
        String chat(String message);
    }

    private static ScriptedProvider provider;

    private ManualClock clock;
    private AIServiceResilience resilience;

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void setUp() {
        provider.reset();
        clock = new ManualClock();
        resilience = Scenarios.resilience(clock, "chat");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
    }

    private OpenAiChatModel.OpenAiChatModelBuilder model() {
        return OpenAiChatModel.builder().baseUrl(provider.openAiBaseUrl()).apiKey("test-key").modelName("gpt-test");
    }

    private ChatModel resilient(OpenAiChatModel model) {
        return ResilientChatModel.of(model, resilience, "chat");
    }

    private CircuitState breaker() {
        return resilience.getCircuitBreaker("chat").orElseThrow().state();
    }

    @Test
    void withTheHeaderKeepingClientRetryAfterTwoSecondsIsHonoured() {
        ChatModel chat = resilient(model().httpClientBuilder(new HeaderKeepingHttpClientBuilder()).maxRetries(0).build());
        provider.script(Reply.rateLimited("2"));

        assertThat(chat.chat("Say hello")).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void withLangChain4jsOwnClientTheRetryAfterIsLostAndOurBackoffApplies() {
        ChatModel chat = resilient(model().maxRetries(0).build());
        provider.script(Reply.rateLimited("2"));

        assertThat(chat.chat("Say hello")).isEqualTo(ScriptedProvider.ANSWER);

        // still classified as a rate limit from the status (breaker untouched), but the 2 s never reached us
        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void unauthorizedIsSentOnceAndKeepsItsStatus() {
        ChatModel chat = resilient(model().httpClientBuilder(new HeaderKeepingHttpClientBuilder()).maxRetries(0).build());
        provider.script(Reply.unauthorized());

        assertThatThrownBy(() -> chat.chat("Say hello"))
                .isInstanceOf(PermanentAIException.class)
                .hasCauseInstanceOf(AuthenticationException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(401));
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void overloadedTwiceThenSuccessCostsThreeRequests() {
        ChatModel chat = resilient(model().maxRetries(0).build());
        provider.script(Reply.overloaded(), Reply.overloaded());

        assertThat(chat.chat("Say hello")).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void contextLengthAndQuotaArePermanentWithTheirReasons() {
        ChatModel chat = resilient(model().maxRetries(0).build());
        provider.script(Reply.contextLengthExceeded());
        assertThatThrownBy(() -> chat.chat("Say hello"))
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "context_length_exceeded"))
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(400));
        assertThat(provider.requests()).isEqualTo(1);

        provider.reset();
        provider.script(Reply.insufficientQuota());
        assertThatThrownBy(() -> chat.chat("Say hello"))
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "insufficient_quota"))
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(429));
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void anOutageOpensTheBreakerRateLimitsDoNot() {
        ChatModel chat = resilient(model().httpClientBuilder(new HeaderKeepingHttpClientBuilder()).maxRetries(0).build());
        provider.script(Reply.rateLimited("1"), Reply.rateLimited("1"), Reply.rateLimited("1"));
        assertThatThrownBy(() -> chat.chat("Say hello")).isInstanceOf(dev.airesilience.exception.RateLimitException.class);
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);

        provider.reset();
        provider.script(Reply.unavailable(), Reply.unavailable(), Reply.unavailable());
        assertThatThrownBy(() -> chat.chat("Say hello")).isInstanceOf(dev.airesilience.exception.TransientAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(503));
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(breaker()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void aiServicesKeepWorkingOnTheDecoratedModel() {
        Assistant assistant = AiServices.create(Assistant.class,
                resilient(model().httpClientBuilder(new HeaderKeepingHttpClientBuilder()).maxRetries(0).build()));
        provider.script(Reply.rateLimited("2"));

        assertThat(assistant.chat("Say hello")).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void aModelThatStillRetriesIsReportedOnceAndMultipliesRequests() {
        ClientRetries.reset();
        try (LogCapture log = LogCapture.of(ClientRetries.class)) {
            ChatModel noRetries = resilient(model().maxRetries(0).build());
            assertThat(log.warnings()).isEmpty();

            ChatModel defaults = resilient(model().build());
            resilient(model().build());
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0)).contains("maxRetries=2").contains("maxRetries(0)");

            // 401 is never retried by LangChain4j either; a 503 is retried by both loops
            provider.script(Reply.unauthorized());
            assertThatThrownBy(() -> defaults.chat("Say hello")).isInstanceOf(PermanentAIException.class);
            assertThat(provider.requests()).isEqualTo(1);
            assertThat(noRetries).isNotNull();
        }
    }
}
