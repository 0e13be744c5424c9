package dev.airesilience.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.LogCapture;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real OpenAI Java SDK against the scripted provider over loopback, its own retries off: exactly one retry
 * loop, ours, in virtual time. Each test counts the requests that reached the provider.
 */
class OpenAiSdkEndToEndTest {

    private static ScriptedProvider provider;
    private static OpenAIClient sdkDefaults;

    private ManualClock clock;
    private AIServiceResilience resilience;
    private ResilientClient<OpenAIClient> openai;

    private final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("gpt-test").addUserMessage("Say hello").build();

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
        sdkDefaults = OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl()).apiKey("test-key").build();
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
        resilience = Scenarios.resilience(clock, "chat");
        openai = OpenAiClients.resilient(OpenAiClients.withoutRetries(sdkDefaults), resilience, "chat");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
    }

    private String chat() {
        return openai.call(c -> text(c.chat().completions().create(params)));
    }

    private static String text(ChatCompletion completion) {
        return completion.choices().get(0).message().content().orElseThrow();
    }

    private CircuitState breaker() {
        return resilience.getCircuitBreaker("chat").orElseThrow().state();
    }

    @Test
    void rateLimitWithRetryAfterTwoSecondsIsWaitedOutOnceAndLeavesTheBreakerClosed() {
        provider.script(Reply.rateLimited("2"));

        assertThat(chat()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
        assertThat(resilience.getMetrics("chat").retryAttempts()).isEqualTo(1);
        // the SDK made each request once: its own retry loop is off
        assertThat(provider.recorded()).allSatisfy(r -> assertThat(r.header("x-stainless-retry-count")).isEqualTo("0"));
    }

    @Test
    void retryAfterMsWinsOverRetryAfter() {
        provider.script(Reply.rateLimited("30").header("retry-after-ms", "1500"));

        assertThat(chat()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(1500));
    }

    @Test
    void unauthorizedIsSentOnceAndKeepsItsStatus() {
        provider.script(Reply.unauthorized());

        assertThatThrownBy(this::chat)
                .isInstanceOf(PermanentAIException.class)
                .hasCauseInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(401));

        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void overloadedTwiceThenSuccessCostsThreeRequests() {
        provider.script(Reply.overloaded(), Reply.overloaded());

        assertThat(chat()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void contextLengthExceededIsPermanentWithItsReason() {
        provider.script(Reply.contextLengthExceeded());

        assertThatThrownBy(this::chat)
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "context_length_exceeded"))
                .hasCauseInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(400));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void insufficientQuotaIsPermanentThoughA429() {
        provider.script(Reply.insufficientQuota());

        assertThatThrownBy(this::chat)
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "insufficient_quota"))
                .hasCauseInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(429));
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void rateLimitsNeverOpenTheBreakerButAnOutageDoes() {
        provider.script(Reply.rateLimited("1"), Reply.rateLimited("1"), Reply.rateLimited("1"));
        assertThatThrownBy(this::chat).isInstanceOf(dev.airesilience.exception.RateLimitException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(429));
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED); // threshold 1: one counted failure would open it

        provider.reset();
        provider.script(Reply.unavailable(), Reply.unavailable(), Reply.unavailable());
        assertThatThrownBy(this::chat).isInstanceOf(TransientAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(503));
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(breaker()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void withTheSdkRetriesStillOnRequestsMultiplyAndTheWrapperWarnsOnce() {
        OnceWarning.resetForTests();
        // retry-after-ms: 1 keeps the SDK's own (real) sleeps to a millisecond; ours are virtual
        Reply[] outage = new Reply[9];
        for (int i = 0; i < outage.length; i++) {
            outage[i] = Reply.unavailable().header("retry-after-ms", "1");
        }
        provider.script(outage);
        try (LogCapture log = LogCapture.of(OpenAiClients.class)) {
            ResilientClient<OpenAIClient> doubled = OpenAiClients.resilient(sdkDefaults, resilience, "chat");
            OpenAiClients.resilient(sdkDefaults, resilience, "chat");

            assertThatThrownBy(() -> doubled.call(c -> c.chat().completions().create(params)))
                    .isInstanceOf(TransientAIException.class);

            assertThat(provider.requests()).isEqualTo(9); // 3 attempts of ours x (1 + maxRetries 2) of the SDK's
            assertThat(log.warnings()).hasSize(1);
            assertThat(log.warnings().get(0)).contains("maxRetries=2").contains("OpenAiClients.withoutRetries");
        }
    }

    @Test
    void maxRetriesIsReadFromTheClient() {
        assertThat(OpenAiClients.maxRetries(sdkDefaults)).hasValue(2);
        assertThat(OpenAiClients.maxRetries(OpenAiClients.withoutRetries(sdkDefaults))).hasValue(0);
        assertThat(OpenAiClients.warnIfRetrying(OpenAiClients.withoutRetries(sdkDefaults))).isFalse();
    }
}
