package dev.airesilience.openai;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.streaming.ResilientStream;
import dev.airesilience.streaming.StreamObserver;
import dev.airesilience.streaming.StreamSource;
import dev.airesilience.streaming.StreamSubscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * An SDK client whose requests run inside one operation of an {@link AIServiceResilience}: retries, the
 * operation's breaker, its rate-limit cooldown and metrics. Built by {@link OpenAiClients#resilient} or
 * {@code AnthropicClients.resilient}, which warn once when the client still retries by itself.
 *
 * <pre>{@code
 * ResilientClient<OpenAIClient> openai = OpenAiClients.resilient(OpenAiClients.withoutRetries(client), resilience, "chat");
 * ChatCompletion completion = openai.call(c -> c.chat().completions().create(params));
 * }</pre>
 *
 * @param <C> the SDK client type
 */
public final class ResilientClient<C> {

    /** Which SDKs' streams {@link #stream} can open; each SDK is an optional dependency. */
    private static final boolean OPENAI = ClassPresence.isPresent("com.openai.core.http.AsyncStreamResponse", ResilientClient.class);
    private static final boolean ANTHROPIC =
            ClassPresence.isPresent("com.anthropic.core.http.AsyncStreamResponse", ResilientClient.class);

    private final C client;
    private final ResilienceDecorator<Object> decorator;

    ResilientClient(C client, ResilienceDecorator<Object> decorator) {
        this.client = Objects.requireNonNull(client, "client");
        this.decorator = Objects.requireNonNull(decorator, "decorator");
    }

    /** Wraps {@code client} in {@code operation} of {@code resilience}, with the operation's own configuration. */
    public static <C> ResilientClient<C> of(C client, AIServiceResilience resilience, String operation) {
        return new ResilientClient<>(client, resilience.withOperationResilience(operation));
    }

    /** Wraps {@code client} with an explicit decorator (strategy, custom configuration, fallback). */
    @SuppressWarnings("unchecked")
    public static <C> ResilientClient<C> of(C client, ResilienceDecorator<?> decorator) {
        return new ResilientClient<>(client, (ResilienceDecorator<Object>) decorator);
    }

    /** The client requests are made with. */
    public C client() {
        return client;
    }

    /** The operation the requests run in. */
    public String operation() {
        return decorator.operation();
    }

    /**
     * Makes one request (a blocking SDK call) inside the operation. The SDK's exceptions are classified by the
     * adapter; what the caller sees when the call fails is an {@link dev.airesilience.exception.AIServiceException}
     * with the provider's status code and the SDK's exception as cause.
     */
    @SuppressWarnings("unchecked")
    public <T> T call(Function<? super C, ? extends T> request) {
        Objects.requireNonNull(request, "request");
        return (T) decorator.call(() -> request.apply(client));
    }

    /**
     * Streams one response inside the operation, through the core's streaming call ({@link ResilientStream}).
     * {@code request} makes the SDK's asynchronous streaming request, for example
     * {@code c -> c.chat().completions().createStreaming(params)} on an {@code OpenAIClientAsync}, or
     * {@code c -> c.messages().createStreaming(params)} on an {@code AnthropicClientAsync} (from a blocking client:
     * {@code c.async()...}); each attempt calls it again.
     *
     * <p>A failure before the first event (429 with {@code Retry-After}, 529, 503, a broken connection) or no event
     * within the operation's {@code firstTokenTimeout} is retried like any failed attempt and {@code observer}
     * never sees it. After the first event nothing is retried: a failure, or no event within {@code idleTimeout},
     * reaches {@code observer} as a {@link dev.airesilience.streaming.MidStreamException}. A decorator's fallback
     * answer is streamed as one element (a {@link StreamSource} answer as its elements).
     *
     * @return cancels the call, its retries and the open stream
     */
    public <T> StreamSubscription stream(Function<? super C, ?> request, StreamObserver<? super T> observer) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(observer, "observer");
        StreamSource<T> source = events -> open(request.apply(client), events);
        return ResilientStream.of(decorator, source).fallbackAnswer(ResilientClient::<T>fallbackStream).subscribe(observer);
    }

    private static <T> StreamSubscription open(Object response, StreamObserver<? super T> events) {
        if (OPENAI && OpenAiStreams.isStream(response)) {
            return OpenAiStreams.open(response, events);
        }
        if (ANTHROPIC && AnthropicStreams.isStream(response)) {
            return AnthropicStreams.open(response, events);
        }
        // Permanent: retrying cannot turn a blocking stream into an asynchronous one.
        throw new PermanentAIException("ResilientClient.stream needs the SDK's asynchronous stream (an AsyncStreamResponse "
                + "from createStreaming on the async client, e.g. client.async()), but the request returned "
                + (response == null ? "null" : response.getClass().getName()));
    }

    @SuppressWarnings("unchecked")
    private static <T> StreamSource<T> fallbackStream(Object answer) {
        if (answer instanceof StreamSource) {
            return (StreamSource<T>) answer;
        }
        return answer == null ? StreamSource.of(List.of()) : StreamSource.of(List.of((T) answer));
    }

    /** As {@link #call}, for the SDK's asynchronous clients: retries are scheduled, never slept. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> callAsync(Function<? super C, ? extends CompletionStage<? extends T>> request) {
        Objects.requireNonNull(request, "request");
        return (CompletableFuture<T>) (CompletableFuture<?>) decorator.callAsync(() -> request.apply(client));
    }
}
