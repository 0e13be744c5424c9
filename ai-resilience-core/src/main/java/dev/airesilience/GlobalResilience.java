package dev.airesilience;

import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.fallback.Fallback;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The seed's module-level {@code ai_resilience} instance and its global helper functions. The helpers act on
 * whatever instance is installed <em>when a call runs</em>, so replacing the instance reaches decorators made
 * earlier.
 */
public final class GlobalResilience {

    private static final AtomicReference<AIServiceResilience> INSTANCE = new AtomicReference<>();

    private GlobalResilience() {}

    /** The global orchestrator, created with defaults on first use. */
    public static AIServiceResilience instance() {
        AIServiceResilience current = INSTANCE.get();
        if (current != null) {
            return current;
        }
        AIServiceResilience created = new AIServiceResilience();
        return INSTANCE.compareAndSet(null, created) ? created : INSTANCE.get();
    }

    /** Installs {@code resilience} as the global orchestrator and returns the previous one (or null). */
    public static AIServiceResilience replaceInstance(AIServiceResilience resilience) {
        return INSTANCE.getAndSet(Objects.requireNonNull(resilience, "resilience must not be null"));
    }

    public static <R> ResilienceDecorator<R> withOperationResilience(String operation) {
        return new GlobalDecorator<R>(operation, null, null).decorator();
    }

    public static <R> ResilienceDecorator<R> withOperationResilience(String operation, Fallback<? extends R> fallback) {
        return new GlobalDecorator<R>(operation, null, fallback).decorator();
    }

    public static <R> ResilienceDecorator<R> withAggressiveResilience(String operation, Fallback<? extends R> fallback) {
        return new GlobalDecorator<R>(operation, ResilienceStrategy.AGGRESSIVE, fallback).decorator();
    }

    public static <R> ResilienceDecorator<R> withBalancedResilience(String operation, Fallback<? extends R> fallback) {
        return new GlobalDecorator<R>(operation, ResilienceStrategy.BALANCED, fallback).decorator();
    }

    public static <R> ResilienceDecorator<R> withConservativeResilience(String operation, Fallback<? extends R> fallback) {
        return new GlobalDecorator<R>(operation, ResilienceStrategy.CONSERVATIVE, fallback).decorator();
    }

    public static <R> ResilienceDecorator<R> withCriticalResilience(String operation, Fallback<? extends R> fallback) {
        return new GlobalDecorator<R>(operation, ResilienceStrategy.CRITICAL, fallback).decorator();
    }

    public static <R> ResilienceDecorator<R> withAggressiveResilience(String operation) {
        return withAggressiveResilience(operation, null);
    }

    public static <R> ResilienceDecorator<R> withBalancedResilience(String operation) {
        return withBalancedResilience(operation, null);
    }

    public static <R> ResilienceDecorator<R> withConservativeResilience(String operation) {
        return withConservativeResilience(operation, null);
    }

    public static <R> ResilienceDecorator<R> withCriticalResilience(String operation) {
        return withCriticalResilience(operation, null);
    }

    /** Builds the decorator on the instance installed at the time of the call. */
    private record GlobalDecorator<R>(String operation, ResilienceStrategy strategy, Fallback<? extends R> fallback) {
        ResilienceDecorator<R> decorator() {
            return instance().withResilience(operation, strategy, null, fallback);
        }
    }
}
