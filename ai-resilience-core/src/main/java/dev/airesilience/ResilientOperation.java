package dev.airesilience;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.fallback.AsyncFallback;
import dev.airesilience.fallback.Fallback;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The fluent form of {@link AIServiceResilience#withResilience}: name what differs from the operation's own
 * configuration, then call, with no positional {@code null}s.
 *
 * <pre>{@code
 * String answer = resilience.operation("chat")
 *         .strategy(ResilienceStrategy.CRITICAL)
 *         .fallback(context -> "The assistant is busy, try again shortly.")
 *         .call(() -> client.chat(prompt));
 * }</pre>
 *
 * <p>Immutable: each method returns a new value, so a partly configured operation can be kept and reused. The
 * result type is fixed by the fallback ({@link #fallback}) or, without one, by the call itself.
 */
public final class ResilientOperation {

    private final AIServiceResilience resilience;
    private final String operation;
    private final ResilienceStrategy strategy;
    private final ResilienceConfig config;

    ResilientOperation(AIServiceResilience resilience, String operation, ResilienceStrategy strategy,
            ResilienceConfig config) {
        this.resilience = resilience;
        this.operation = operation;
        this.strategy = strategy;
        this.config = config;
    }

    /** Runs with {@code strategy}'s configuration instead of the operation's own. */
    public ResilientOperation strategy(ResilienceStrategy strategy) {
        return new ResilientOperation(resilience, operation, Objects.requireNonNull(strategy, "strategy"), config);
    }

    /** Runs with exactly {@code config}; wins over {@link #strategy}, as {@code customConfig} does. */
    public ResilientOperation config(ResilienceConfig config) {
        return new ResilientOperation(resilience, operation, strategy, Objects.requireNonNull(config, "config"));
    }

    /**
     * Routes the calls over {@code routing}'s targets: the next one takes over when one cannot answer. This route
     * wins over one configured for the operation.
     */
    public RoutedOperation route(RoutingConfig routing) {
        return new RoutedOperation(resilience, operation, strategy, config, Objects.requireNonNull(routing, "routing"), 0);
    }

    /**
     * Routes the calls over the route configured for this operation: {@code routes.<operation>} in the JSON
     * configuration (custom document or runtime update), or {@code ai.resilience.operations.<operation>.targets}
     * with the Spring Boot starter. The route is read at each call, so a runtime update applies from the next call.
     * A call throws {@link IllegalStateException} when the operation has no route configured.
     */
    public RoutedOperation route() {
        return new RoutedOperation(resilience, operation, strategy, config, null, 0);
    }

    /** A decorator whose failed or rejected calls are answered by {@code fallback}. */
    public <R> ResilienceDecorator<R> fallback(Fallback<R> fallback) {
        return this.<R>decorator().withFallback(Objects.requireNonNull(fallback, "fallback"));
    }

    /** A decorator whose failed or rejected asynchronous calls are answered by {@code fallback}. */
    public <R> ResilienceDecorator<R> asyncFallback(AsyncFallback<R> fallback) {
        return this.<R>decorator().withAsyncFallback(Objects.requireNonNull(fallback, "fallback"));
    }

    /** Runs {@code function} now, on this thread, with retries and the breaker; failures are thrown. */
    public <R> R call(Callable<R> function) {
        return this.<R>decorator().call(function);
    }

    /** Starts {@code function} and its retries without blocking a thread; failures complete the future. */
    public <R> CompletableFuture<R> callAsync(Supplier<? extends CompletionStage<? extends R>> function) {
        return this.<R>decorator().callAsync(function);
    }

    /** The equivalent decorator, for wrapping functions to call later. */
    public <R> ResilienceDecorator<R> decorator() {
        return resilience.withResilience(operation, strategy, config, null);
    }

    public String name() {
        return operation;
    }
}
