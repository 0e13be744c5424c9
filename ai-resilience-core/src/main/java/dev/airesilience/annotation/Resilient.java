package dev.airesilience.annotation;

import dev.airesilience.config.ResilienceStrategy;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a method through the orchestrator: {@code Fallback(Retry(CircuitBreaker(method)))}, like
 * {@link dev.airesilience.AIServiceResilience#withResilience}.
 *
 * <p>On a type, it applies to every public method of that type that has no annotation of its own. Where the
 * annotation is looked for, first match wins: the implementation's method, the interface's method, the
 * implementation class, the interface.
 *
 * <p>Supported return types: any value type {@code T} (the call blocks, retries sleep on the calling thread),
 * and {@link java.util.concurrent.CompletionStage CompletionStage&lt;T&gt;} /
 * {@link java.util.concurrent.CompletableFuture CompletableFuture&lt;T&gt;} (the call goes through
 * {@link dev.airesilience.ResilienceDecorator#callAsync}: retries are scheduled, never slept).
 *
 * <pre>{@code
 * interface Assistant {
 *     @Resilient(operation = "chat", strategy = ResilienceStrategy.CRITICAL, fallbackMethod = "cannedAnswer")
 *     String chat(String message);
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Resilient {

    /**
     * The operation name: its breaker, metrics and configuration. When empty (the default) it is
     * {@code SimpleClassName.methodName}, where the class is the one the front end protects: the interface for
     * {@link ResilientProxy}, the bean's class for Spring. Overloads share the name, so name them explicitly if
     * they must be told apart. Use names from code, never from user input: they are metric tags.
     */
    String operation() default "";

    /**
     * An explicit strategy (at most one). Empty (the default) means the operation's own configuration, that is
     * the strategy registered for it, or BALANCED.
     */
    ResilienceStrategy[] strategy() default {};

    /**
     * Name of a method on the same object that answers failed or rejected calls. It takes the same parameters
     * as the protected method, optionally followed by one {@link Throwable} (or subtype) parameter that
     * receives the failure, and returns a type assignable to the protected method's return type (for
     * asynchronous methods, either such a stage or a plain value of its element type). A fallback whose
     * trailing parameter is narrower than the failure is skipped, and the failure propagates.
     * Empty (the default) means no fallback.
     */
    String fallbackMethod() default "";
}
