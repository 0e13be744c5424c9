package dev.airesilience.annotation;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.AIServiceException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One validated {@link Resilient @Resilient} method: its operation name, strategy, return kind and fallback,
 * as resolved by {@link ResilientMethods}. {@link #bind} ties it to an orchestrator and a target object, which
 * gives the invoker a front end (proxy handler or AOP advice) calls on every invocation. Immutable and
 * thread-safe.
 */
public final class ResilientMethod {

    /** How the method returns its result. */
    public enum Kind {
        /** A plain value: the call blocks; retries sleep on the calling thread. */
        VALUE,
        /** A {@link CompletionStage}: retries are scheduled, never slept. */
        COMPLETION_STAGE,
        /** A {@link CompletableFuture}: retries are scheduled, never slept. */
        COMPLETABLE_FUTURE,
        /** A Reactor {@code Mono}: each subscription runs the call; retries are scheduled. */
        MONO,
        /** A Reactor {@code Flux}: attempts are retried only until the first element arrives. */
        FLUX
    }

    /** Runs the real method; implementations unwrap reflection wrappers so the real failure is thrown. */
    @FunctionalInterface
    public interface Invocation {
        Object proceed() throws Throwable;
    }

    /** A {@link ResilientMethod} bound to an orchestrator and the object whose fallback method it calls. */
    public interface Invoker {
        /**
         * Runs {@code invocation} through the orchestrator with these arguments (which the fallback receives).
         * Failures surface as the orchestrator's unchecked {@link AIServiceException}s (the implementation's own
         * exception is their cause); asynchronous methods return a future that fails instead.
         */
        Object invoke(Object[] args, Invocation invocation);
    }

    private final Method method;
    private final String operation;
    private final ResilienceStrategy strategy;
    private final Kind kind;
    private final Method fallback;

    ResilientMethod(Method method, String operation, ResilienceStrategy strategy, Kind kind, Method fallback) {
        this.method = method;
        this.operation = operation;
        this.strategy = strategy;
        this.kind = kind;
        this.fallback = fallback;
    }

    public Method method() {
        return method;
    }

    public String operation() {
        return operation;
    }

    /** The explicit strategy, or empty to use the operation's own configuration. */
    public Optional<ResilienceStrategy> strategy() {
        return Optional.ofNullable(strategy);
    }

    public Kind kind() {
        return kind;
    }

    public Optional<Method> fallbackMethod() {
        return Optional.ofNullable(fallback);
    }

    /**
     * An invoker for this method on {@code target} (whose fallback method it calls). Bind once, when the
     * proxy or bean is created, and reuse it for every call.
     */
    public Invoker bind(AIServiceResilience resilience, Object target) {
        Objects.requireNonNull(resilience, "resilience");
        ResilienceDecorator<Object> decorator = resilience.withResilience(operation, strategy);
        switch (kind) {
            case VALUE:
                return (args, invocation) -> withFallback(decorator, target, args).call(() -> proceed(invocation));
            case MONO:
                return (args, invocation) -> Reactive.mono(() -> withFallback(decorator, target, args)
                        .callAsync(() -> reactiveAttempt(invocation, Reactive::monoAttempt)));
            case FLUX:
                return (args, invocation) -> Reactive.flux(withFallback(decorator, target, args), () -> returned(invocation));
            default:
                return (args, invocation) -> withFallback(decorator, target, args).callAsync(() -> stage(invocation));
        }
    }

    // ---------------------------------------------------------------- invocation

    private ResilienceDecorator<Object> withFallback(ResilienceDecorator<Object> decorator, Object target, Object[] args) {
        if (fallback == null) {
            return decorator;
        }
        // The arguments differ per call, so the fallback is attached per call (a small immutable copy).
        if (kind == Kind.MONO) {
            return decorator.withAsyncFallback(context -> Reactive.toFuture(callFallback(target, args, context.cause())));
        }
        if (kind == Kind.FLUX) {
            return decorator.withFallback(context -> Reactive.asFlux(callFallback(target, args, context.cause())));
        }
        if (kind != Kind.VALUE && CompletionStage.class.isAssignableFrom(fallback.getReturnType())) {
            return decorator.withAsyncFallback(context -> {
                Object stage = callFallback(target, args, context.cause());
                if (stage == null) {
                    throw new NullPointerException("fallback method " + fallback.getName() + " returned null");
                }
                @SuppressWarnings("unchecked")
                CompletionStage<Object> typed = (CompletionStage<Object>) stage;
                return typed;
            });
        }
        return decorator.withFallback(context -> callFallback(target, args, context.cause()));
    }

    private Object callFallback(Object target, Object[] args, Throwable failure) {
        Object[] arguments = args == null ? new Object[0] : args;
        int parameters = fallback.getParameterCount();
        if (parameters > arguments.length) {
            Class<?> accepts = fallback.getParameterTypes()[parameters - 1];
            Throwable passed = accepts.isInstance(failure) ? failure
                    : failure.getCause() != null && accepts.isInstance(failure.getCause()) ? failure.getCause() : null;
            if (passed == null) {
                throw rethrow(failure); // this fallback does not handle this failure
            }
            arguments = Arrays.copyOf(arguments, parameters);
            arguments[parameters - 1] = passed;
        }
        try {
            return fallback.invoke(Modifier.isStatic(fallback.getModifiers()) ? null : target, arguments);
        } catch (InvocationTargetException e) {
            Throwable thrown = e.getCause();
            if (thrown instanceof RuntimeException || thrown instanceof Error) {
                throw rethrow(thrown);
            }
            throw new AIServiceException("Fallback method " + fallback.getName() + " of operation '" + operation
                    + "' threw " + thrown, thrown);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Fallback method " + fallback + " is not accessible", e);
        }
    }

    private static Object proceed(Invocation invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable other) {
            throw new UndeclaredThrowableException(other);
        }
    }

    /** Calls the method for one attempt and turns what it returned into that attempt's future. */
    private CompletableFuture<Object> reactiveAttempt(Invocation invocation,
            java.util.function.Function<Object, CompletableFuture<Object>> attempt) {
        Object returned;
        try {
            returned = invocation.proceed();
        } catch (Throwable thrown) {
            return CompletableFuture.failedFuture(thrown); // one failed attempt, classified like any other
        }
        if (returned == null) {
            return CompletableFuture.failedFuture(new NullPointerException(
                    method.getName() + " returned null instead of a " + method.getReturnType().getSimpleName()));
        }
        return attempt.apply(returned);
    }

    /** What the method returned, for one attempt of a Flux method: throwing (or returning null) fails the attempt. */
    private Object returned(Invocation invocation) throws Exception {
        Object returned;
        try {
            returned = invocation.proceed();
        } catch (Exception | Error thrown) {
            throw thrown;
        } catch (Throwable thrown) {
            throw new java.util.concurrent.CompletionException(thrown);
        }
        if (returned == null) {
            throw new NullPointerException(method.getName() + " returned null instead of a "
                    + method.getReturnType().getSimpleName());
        }
        return returned;
    }

    private CompletionStage<?> stage(Invocation invocation) {
        Object stage;
        try {
            stage = invocation.proceed();
        } catch (Throwable thrown) {
            // Thrown before a stage existed: still one failed attempt, classified like any other.
            return CompletableFuture.failedFuture(thrown);
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new NullPointerException(
                    method.getName() + " returned null instead of a " + method.getReturnType().getSimpleName()));
        }
        return (CompletionStage<?>) stage;
    }

    private static RuntimeException rethrow(Throwable failure) {
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        return new UndeclaredThrowableException(failure);
    }

    @Override
    public String toString() {
        return "ResilientMethod[" + method.getDeclaringClass().getSimpleName() + "." + method.getName() + " -> operation="
                + operation + ", strategy=" + (strategy == null ? "operation's" : strategy.wireName()) + ", kind=" + kind
                + ", fallback=" + (fallback == null ? "none" : fallback.getName()) + "]";
    }
}
