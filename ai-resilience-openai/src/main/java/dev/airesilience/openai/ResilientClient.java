package dev.airesilience.openai;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
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

    /** As {@link #call}, for the SDK's asynchronous clients: retries are scheduled, never slept. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> callAsync(Function<? super C, ? extends CompletionStage<? extends T>> request) {
        Objects.requireNonNull(request, "request");
        return (CompletableFuture<T>) (CompletableFuture<?>) decorator.callAsync(() -> request.apply(client));
    }
}
