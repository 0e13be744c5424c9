package dev.airesilience.annotation;

import dev.airesilience.ResilienceDecorator;
import dev.airesilience.streaming.ReactorStreams;
import dev.airesilience.streaming.ResilientStream;
import dev.airesilience.streaming.StreamSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code @Resilient} methods that return {@link Mono} or {@link Flux}. Only loaded for such methods, so Reactor stays
 * an optional dependency.
 *
 * <p>Each attempt calls the method again and subscribes to what it returns. A Mono's attempt is its value. A Flux's
 * attempt succeeds with its <em>first element</em> (or its completion): an error before it is retried like any
 * failed attempt, an error after it reaches the subscriber as a {@code MidStreamException} and is never retried,
 * since a retry would repeat elements (tokens) the subscriber already has. The operation's first-token and idle
 * timeouts apply.
 */
final class Reactive {

    private Reactive() {}

    static boolean isMono(Class<?> type) {
        return Mono.class.isAssignableFrom(type);
    }

    static boolean isFlux(Class<?> type) {
        return Flux.class.isAssignableFrom(type);
    }

    static boolean isPublisher(Class<?> type) {
        return Publisher.class.isAssignableFrom(type);
    }

    /** A method declared to return a plain Reactive Streams Publisher: protected as a Flux, which is one. */
    static boolean isPlainPublisher(Class<?> type) {
        return type == Publisher.class;
    }

    /** A Mono that runs the logical call on each subscription; cancelling it cancels the call and its retries. */
    static Mono<Object> mono(Supplier<CompletableFuture<Object>> call) {
        return Mono.defer(() -> Mono.fromFuture(call.get()));
    }

    /**
     * A Flux that runs the logical call on each subscription, through the core's one streaming mechanism
     * ({@link ResilientStream}): errors before the first element are retried, errors after it reach the subscriber
     * as a {@link dev.airesilience.streaming.MidStreamException}. A fallback's answer is streamed as it is.
     */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(ResilienceDecorator<Object> decorator, Callable<Object> method) {
        StreamSource<Object> attempts = ReactorStreams.source(() -> (Publisher<Object>) call(method));
        return ReactorStreams.flux(ResilientStream.of(decorator, attempts)
                .fallbackAnswer(answer -> ReactorStreams.source(() -> (Publisher<Object>) asFlux(answer))));
    }

    private static Object call(Callable<Object> method) {
        try {
            return method.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e); // unwrapped again before classification
        }
    }

    /** One attempt of a Mono method: its value, or its failure. */
    static CompletableFuture<Object> monoAttempt(Object returned) {
        @SuppressWarnings("unchecked")
        Mono<Object> mono = (Mono<Object>) returned;
        return mono.toFuture();
    }

    /** What a fallback returned, as the Flux the method promises: a Publisher as it is, a value as one element. */
    static Object asFlux(Object fallbackAnswer) {
        if (fallbackAnswer instanceof Publisher) {
            return Flux.from((Publisher<?>) fallbackAnswer);
        }
        return fallbackAnswer == null ? Flux.empty() : Flux.just(fallbackAnswer);
    }

    /** A Mono fallback's answer as a future, for the asynchronous fallback path. */
    static CompletableFuture<Object> toFuture(Object fallbackAnswer) {
        if (fallbackAnswer instanceof Mono) {
            return monoAttempt(fallbackAnswer);
        }
        return CompletableFuture.completedFuture(fallbackAnswer);
    }
}
