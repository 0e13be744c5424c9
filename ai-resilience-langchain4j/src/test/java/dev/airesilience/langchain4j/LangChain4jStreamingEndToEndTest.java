package dev.airesilience.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.adapter.testkit.StreamRecorder;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.streaming.MidStreamException;
import dev.airesilience.streaming.StreamIdleTimeoutException;
import dev.airesilience.time.ManualClock;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real LangChain4j OpenAI streaming model against the scripted provider, wrapped in
 * {@link ResilientStreamingChatModel}: a stream that fails before its first token is retried (waits in virtual
 * time, scheduled); one that fails after it is surfaced to the handler and not retried.
 */
class LangChain4jStreamingEndToEndTest {

    private static ScriptedProvider provider;

    private ManualClock clock;
    private AIServiceResilience resilience;
    private StreamingChatModel model;

    /** What the application's handler saw. */
    static final class Recorder implements StreamingChatResponseHandler {
        final List<String> tokens = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final CompletableFuture<Object> done = new CompletableFuture<>();
        final CountDownLatch sawTwoTokens = new CountDownLatch(2);

        @Override
        public void onPartialResponse(String partialResponse) {
            tokens.add(partialResponse);
            sawTwoTokens.countDown();
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
            done.complete(error);
        }

        Object await() throws Exception {
            return done.get(20, TimeUnit.SECONDS);
        }
    }

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
        clock = ManualClock.autoAdvancing(); // scheduled retries run at once, the clock jumps by their delay
        resilience = Scenarios.resilience(clock, "stream");
        model = ResilientStreamingChatModel.of(OpenAiStreamingChatModel.builder()
                .baseUrl(provider.openAiBaseUrl()).apiKey("test-key").modelName("gpt-test")
                .httpClientBuilder(new HeaderKeepingHttpClientBuilder())
                .build(), resilience, "stream");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
        provider.reset(); // releases stalled streams
    }

    @Test
    void aRateLimitBeforeTheFirstTokenIsRetriedAfterItsRetryAfter() throws Exception {
        provider.script(Reply.rateLimited("2"));
        Recorder handler = new Recorder();

        model.chat("Say hello", handler);

        assertThat(handler.await()).isInstanceOf(ChatResponse.class);
        assertThat(String.join("", handler.tokens)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(handler.errors).isEmpty();
        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void overloadedTwiceBeforeTheFirstTokenThenAWholeStream() throws Exception {
        provider.script(Reply.overloaded(), Reply.overloaded());
        Recorder handler = new Recorder();

        model.chat("Say hello", handler);

        assertThat(handler.await()).isInstanceOf(ChatResponse.class);
        assertThat(String.join("", handler.tokens)).isEqualTo(ScriptedProvider.ANSWER); // each token once
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aStreamThatBreaksAfterItsFirstTokenIsSurfacedNotRetried() throws Exception {
        Recorder handler = new Recorder();
        provider.script(Reply.streamThenDrop(handler.sawTwoTokens, "Hello", " wor"));

        model.chat("Say hello", handler);

        assertThat(handler.await()).isInstanceOf(Throwable.class);
        assertThat(handler.tokens).containsExactly("Hello", " wor");
        assertThat(handler.errors).hasSize(1);
        assertThat(handler.errors.get(0)).isInstanceOfSatisfying(MidStreamException.class, e -> {
            assertThat(e.operation()).isEqualTo("stream");
            assertThat(e.elementsDelivered()).isGreaterThanOrEqualTo(2); // handler events: tokens and any raw events
            assertThat(e.getCause()).isNotInstanceOf(AIServiceException.class); // the client's own error
        });
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
    }

    /** A manual clock (time moves when the test says) and the operation's stream timeouts: 5 s first token, 2 s idle. */
    private StreamingChatModel withTimeouts() {
        resilience.close();
        clock = new ManualClock();
        resilience = Scenarios.resilience(clock);
        resilience.registerOperationConfig("stream", Scenarios.config().toBuilder()
                .firstTokenTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofSeconds(2)).build());
        return ResilientStreamingChatModel.of(((ResilientStreamingChatModel) model).delegate(), resilience, "stream");
    }

    @Test
    void aStallBeforeTheFirstTokenHitsTheFirstTokenTimeoutAndIsRetried() throws Exception {
        StreamingChatModel timed = withTimeouts();
        provider.script(Reply.stallBeforeFirstToken());
        Recorder handler = new Recorder();

        timed.chat("Say hello", handler);
        StreamRecorder.await(() -> provider.requests() == 1, "the first request");
        clock.advance(Duration.ofSeconds(5));
        clock.advance(Duration.ofMillis(500)); // backoff

        assertThat(handler.await()).isInstanceOf(ChatResponse.class);
        assertThat(String.join("", handler.tokens)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(2);
    }

    @Test
    void aStallBetweenTokensHitsTheIdleTimeoutAndIsNotRetried() throws Exception {
        StreamingChatModel timed = withTimeouts();
        provider.script(Reply.stallAfter("Hello", " wor"));
        Recorder handler = new Recorder();

        timed.chat("Say hello", handler);
        assertThat(handler.sawTwoTokens.await(20, TimeUnit.SECONDS)).isTrue();
        clock.advance(Duration.ofSeconds(2));

        assertThat(handler.await()).isInstanceOfSatisfying(MidStreamException.class,
                e -> assertThat(e.getCause()).isInstanceOf(StreamIdleTimeoutException.class));
        assertThat(handler.tokens).containsExactly("Hello", " wor");
        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void unauthorizedReachesTheHandlerOnceAsOurException() throws Exception {
        provider.script(Reply.unauthorized());
        Recorder handler = new Recorder();

        model.chat("Say hello", handler);

        assertThat(handler.await()).isInstanceOf(PermanentAIException.class);
        assertThat(((AIServiceException) handler.errors.get(0)).statusCode()).isEqualTo(401);
        assertThat(handler.errors).hasSize(1);
        assertThat(handler.tokens).isEmpty();
        assertThat(provider.requests()).isEqualTo(1);
    }
}
