package dev.airesilience.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.errors.UnauthorizedException;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.adapter.testkit.StreamRecorder;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.streaming.MidStreamException;
import dev.airesilience.streaming.StreamIdleTimeoutException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * Spring AI 2.x's real {@code OpenAiChatModel} (the OpenAI SDK underneath, its retries off) behind a
 * {@link ChatClient} with the {@link ResilienceAdvisor}, against the scripted provider.
 */
class SpringAiEndToEndTest {

    private static ScriptedProvider provider;
    private static OpenAiChatModel model;

    private ManualClock clock;
    private AIServiceResilience resilience;
    private ChatClient chatClient;

    static OpenAiChatModel model(String baseUrl, Integer maxRetries) {
        return OpenAiChatModel.builder()
                .options(OpenAiChatOptions.builder().baseUrl(baseUrl).apiKey("test-key").model("gpt-test")
                        .maxRetries(maxRetries).build())
                .build();
    }

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
        model = model(provider.openAiBaseUrl(), 0);
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void setUp() {
        provider.reset();
        clock = ManualClock.autoAdvancing(); // blocking waits are recorded sleeps; stream retries run when scheduled
        resilience = Scenarios.resilience(clock, "chat");
        chatClient = ChatClient.builder(model).defaultAdvisors(new ResilienceAdvisor(resilience, "chat")).build();
    }

    @AfterEach
    void tearDown() {
        resilience.close();
        provider.reset(); // releases stalled streams
    }

    private String call() {
        return chatClient.prompt("Say hello").call().content();
    }

    private List<String> stream() {
        return chatClient.prompt("Say hello").stream().content().collectList().block(Duration.ofSeconds(20));
    }

    private CircuitState breaker() {
        return resilience.getCircuitBreaker("chat").orElseThrow().state();
    }

    @Test
    void rateLimitWithRetryAfterTwoSecondsIsWaitedOutOnce() {
        provider.script(Reply.rateLimited("2"));

        assertThat(call()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
        assertThat(provider.recorded()).allSatisfy(r -> assertThat(r.header("x-stainless-retry-count")).isEqualTo("0"));
    }

    @Test
    void unauthorizedIsSentOnceAndKeepsItsStatus() {
        provider.script(Reply.unauthorized());

        assertThatThrownBy(this::call)
                .isInstanceOf(PermanentAIException.class)
                .hasCauseInstanceOf(UnauthorizedException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(401));
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(breaker()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void overloadedTwiceThenSuccessCostsThreeRequests() {
        provider.script(Reply.overloaded(), Reply.overloaded());

        assertThat(call()).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1));
    }

    @Test
    void contextLengthExceededIsPermanentWithItsReason() {
        provider.script(Reply.contextLengthExceeded());

        assertThatThrownBy(this::call)
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).context()).containsEntry("reason", "context_length_exceeded"))
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(400));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void aStreamRateLimitedBeforeItsFirstTokenIsRetriedAfterTheRetryAfter() {
        provider.script(Reply.rateLimited("2"));

        assertThat(String.join("", stream())).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aStreamThatBreaksAfterItsFirstTokenIsPassedOnNotRetried() {
        java.util.concurrent.CountDownLatch sawTwoTokens = new java.util.concurrent.CountDownLatch(2);
        provider.script(Reply.streamThenDrop(sawTwoTokens, "Hello", " wor"));
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> chatClient.prompt("Say hello").stream().content()
                .filter(token -> !token.isEmpty())
                .doOnNext(token -> {
                    seen.add(token);
                    sawTwoTokens.countDown();
                }).blockLast(Duration.ofSeconds(20)))
                .isInstanceOfSatisfying(MidStreamException.class, e -> {
                    assertThat(e.operation()).isEqualTo("chat");
                    assertThat(e.getCause()).isNotInstanceOf(AIServiceException.class); // the client's own error
                });

        assertThat(String.join("", seen)).isEqualTo("Hello wor");
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aStreamRejectedWithUnauthorizedFailsOnceWithOurException() {
        provider.script(Reply.unauthorized());

        assertThatThrownBy(this::stream)
                .isInstanceOf(PermanentAIException.class)
                .satisfies(e -> assertThat(((AIServiceException) e).statusCode()).isEqualTo(401));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void aStreamOverloadedTwiceBeforeItsFirstTokenCostsThreeRequests() {
        provider.script(Reply.overloaded(), Reply.overloaded());

        assertThat(String.join("", stream())).isEqualTo(ScriptedProvider.ANSWER);

        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    /** A manual clock (time moves when the test says) and the operation's stream timeouts: 5 s first token, 2 s idle. */
    private void withTimeouts() {
        resilience.close();
        clock = new ManualClock();
        resilience = Scenarios.resilience(clock);
        resilience.registerOperationConfig("chat", Scenarios.config().toBuilder()
                .firstTokenTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofSeconds(2)).build());
        chatClient = ChatClient.builder(model).defaultAdvisors(new ResilienceAdvisor(resilience, "chat")).build();
    }

    @Test
    void aStreamStalledBeforeItsFirstTokenHitsTheFirstTokenTimeoutAndIsRetried() throws Exception {
        withTimeouts();
        provider.script(Reply.stallBeforeFirstToken());

        java.util.concurrent.CompletableFuture<List<String>> tokens =
                chatClient.prompt("Say hello").stream().content().collectList().toFuture();
        StreamRecorder.await(() -> provider.requests() == 1, "the first request");
        clock.advance(Duration.ofSeconds(5));
        clock.advance(Duration.ofMillis(500)); // backoff

        assertThat(String.join("", tokens.get(20, java.util.concurrent.TimeUnit.SECONDS))).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(2);
    }

    @Test
    void aStreamStalledBetweenTokensHitsTheIdleTimeoutAndIsNotRetried() throws Exception {
        withTimeouts();
        provider.script(Reply.stallAfter("Hello", " wor"));
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        java.util.concurrent.CompletableFuture<Void> end = chatClient.prompt("Say hello").stream().content()
                .filter(token -> !token.isEmpty()).doOnNext(seen::add).then().toFuture();
        StreamRecorder.await(() -> seen.size() == 2, "the first tokens");
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> end.get(20, java.util.concurrent.TimeUnit.SECONDS))
                .cause().isInstanceOfSatisfying(MidStreamException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(StreamIdleTimeoutException.class));
        assertThat(seen).containsExactly("Hello", " wor");
        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.requests()).isEqualTo(1);
    }
}
