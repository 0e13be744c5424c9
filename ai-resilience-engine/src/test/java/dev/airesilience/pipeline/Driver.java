package dev.airesilience.pipeline;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.routing.TargetFunction;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

/** The two drivers of a logical call, so each engine test runs its scenario through both. */
enum Driver {
    BLOCKING,
    ASYNC;

    /** Runs {@code function} as one logical call of {@code op}; the async driver's failure is rethrown unwrapped. */
    <T> T run(CallEngine engine, Operation op, ResilienceConfig config, Supplier<T> function, Fallback<T> fallback) {
        if (this == BLOCKING) {
            return engine.execute(op, config, function::get, fallback, null);
        }
        try {
            return engine.<T>executeAsync(op, config, () -> CompletableFuture.completedFuture(null)
                    .thenApply(ignored -> function.get()), fallback, null, null).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Runs one routed call of {@code op} over {@code routing}; {@code function} is told the target to call. */
    <T> T runRouted(CallEngine engine, Operation op, ResilienceConfig config, RoutingConfig routing,
            Function<String, Operation> targets, TargetFunction<T> function, Fallback<T> fallback) {
        if (this == BLOCKING) {
            return engine.executeRouted(op, config, routing, targets, 0, function, fallback, null);
        }
        try {
            return engine.<T>executeRoutedAsync(op, config, routing, targets, 0,
                    target -> CompletableFuture.completedFuture(target).thenApply(call -> {
                        try {
                            return function.call(call);
                        } catch (RuntimeException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new CompletionException(e);
                        }
                    }), fallback, null, null).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }
}
