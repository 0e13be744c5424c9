package dev.airesilience;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.engine.OperationHandle;
import dev.airesilience.fallback.AsyncFallback;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.fallback.FallbackContext;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the seed's {@code with_resilience(...)} decorator becomes in Java: a reusable, immutable handle that
 * protects calls of one operation. It can run a call directly ({@link #call}, {@link #get},
 * {@link #callAsync}) or wrap a function once and be called many times ({@code decorate...}).
 *
 * <p>Nothing is resolved at wrap time: every call reads the configuration in force at that moment, so
 * configuration changes reach functions that are already wrapped. Thread-safe.
 *
 * <p>Failures surface as unchecked {@link dev.airesilience.exception.AIServiceException}s: checked exceptions
 * thrown by the function are classified and converted, with the original as the cause.
 *
 * @param <R> the result type of the protected calls
 */
public final class ResilienceDecorator<R> {

    private final AIServiceResilience resilience;
    private final String operation;
    private final ResilienceStrategy strategy;
    private final ResilienceConfig customConfig;
    private final Fallback<? extends R> fallback;
    private final AsyncFallback<? extends R> asyncFallback;
    /**
     * The operation, looked up on the first call rather than at wrap time (an operation beyond the limit fails its
     * calls, not its decoration); then every call skips the registry. A plain field: the handle is immutable, and a
     * thread that does not see it yet looks it up again.
     */
    private OperationHandle handle;

    ResilienceDecorator(AIServiceResilience resilience, String operation, ResilienceStrategy strategy,
            ResilienceConfig customConfig, Fallback<? extends R> fallback, AsyncFallback<? extends R> asyncFallback) {
        this.resilience = resilience;
        this.operation = operation;
        this.strategy = strategy;
        this.customConfig = customConfig;
        this.fallback = fallback;
        this.asyncFallback = asyncFallback;
    }

    public String operation() {
        return operation;
    }

    /** The orchestrator this decorator's calls run in. */
    public AIServiceResilience resilience() {
        return resilience;
    }

    private OperationHandle handle() {
        OperationHandle known = handle;
        if (known == null) {
            known = resilience.core().operation(operation);
            handle = known;
        }
        return known;
    }

    /** The configuration the next call will run with. */
    public ResilienceConfig currentConfig() {
        return resilience.resolveConfig(operation, strategy, customConfig);
    }

    /** A copy that answers failures with {@code fallback}. */
    public ResilienceDecorator<R> withFallback(Fallback<? extends R> fallback) {
        return new ResilienceDecorator<>(resilience, operation, strategy, customConfig,
                Objects.requireNonNull(fallback, "fallback"), asyncFallback);
    }

    /** A copy whose asynchronous calls are answered by {@code asyncFallback} (blocking calls keep the sync fallback). */
    public ResilienceDecorator<R> withAsyncFallback(AsyncFallback<? extends R> asyncFallback) {
        return new ResilienceDecorator<>(resilience, operation, strategy, customConfig, fallback,
                Objects.requireNonNull(asyncFallback, "asyncFallback"));
    }

    // ---------------------------------------------------------------- run directly

    /** Runs {@code function} now, on this thread, with retries, breaker and fallback. */
    public R call(Callable<? extends R> function) {
        return resilience.core().execute(handle(), currentConfig(), function, fallback, null);
    }

    /** Runs {@code supplier} now, on this thread. */
    public R get(Supplier<? extends R> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return resilience.core().execute(handle(), currentConfig(), supplier::get, fallback, null);
    }

    /**
     * Starts an asynchronous call now. Backoff delays are scheduled, never slept; cancelling the returned
     * future stops further attempts.
     */
    public CompletableFuture<R> callAsync(Supplier<? extends CompletionStage<? extends R>> function) {
        return resilience.core().executeAsync(handle(), currentConfig(), function, fallback, asyncFallback, null);
    }

    // ---------------------------------------------------------------- wrap once, call many times

    public Callable<R> decorateCallable(Callable<? extends R> function) {
        Objects.requireNonNull(function, "function");
        return () -> call(function);
    }

    public Supplier<R> decorateSupplier(Supplier<? extends R> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        Callable<? extends R> function = supplier::get; // adapted once here, not on every call
        return () -> call(function);
    }

    /** Wraps a function; the fallback receives the same argument through {@link FallbackContext#argument()}. */
    public <A> Function<A, R> decorateFunction(Function<? super A, ? extends R> function) {
        Objects.requireNonNull(function, "function");
        return argument -> resilience.core().execute(handle(), currentConfig(), () -> function.apply(argument),
                fallback, argument);
    }

    public Supplier<CompletableFuture<R>> decorateAsync(Supplier<? extends CompletionStage<? extends R>> function) {
        Objects.requireNonNull(function, "function");
        return () -> callAsync(function);
    }
}
