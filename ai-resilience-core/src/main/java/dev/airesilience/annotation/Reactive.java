package dev.airesilience.annotation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * {@code @Resilient} methods that return {@link Mono} or {@link Flux}. Only loaded for such methods, so Reactor stays
 * an optional dependency.
 *
 * <p>Each attempt calls the method again and subscribes to what it returns. A Mono's attempt is its value. A Flux's
 * attempt succeeds with its <em>first element</em> (or its completion): an error before it is retried like any
 * failed attempt, an error after it reaches the subscriber as it is and is never retried, since a retry would
 * repeat elements (tokens) the subscriber already has.
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

    /** A Mono that runs the logical call on each subscription; cancelling it cancels the call and its retries. */
    static Mono<Object> mono(Supplier<CompletableFuture<Object>> call) {
        return Mono.defer(() -> Mono.fromFuture(call.get()));
    }

    /** A Flux that runs the logical call on each subscription; the call answers with the stream to relay. */
    @SuppressWarnings("unchecked")
    static Flux<Object> flux(Supplier<CompletableFuture<Object>> call) {
        return Flux.defer(() -> Mono.fromFuture(call.get()).flatMapMany(stream -> (Publisher<Object>) stream));
    }

    /** One attempt of a Mono method: its value, or its failure. */
    static CompletableFuture<Object> monoAttempt(Object returned) {
        @SuppressWarnings("unchecked")
        Mono<Object> mono = (Mono<Object>) returned;
        return mono.toFuture();
    }

    /**
     * One attempt of a Flux method: completes with a Flux that replays the first element and relays the rest once
     * the first element (or the end) arrives; fails if the source fails before that.
     */
    static CompletableFuture<Object> fluxAttempt(Object returned) {
        @SuppressWarnings("unchecked")
        Flux<Object> source = (Flux<Object>) returned;
        CompletableFuture<Object> started = new CompletableFuture<>();
        Sinks.Many<Object> relay = Sinks.many().unicast().onBackpressureBuffer();
        Disposable[] subscription = new Disposable[1];
        Flux<Object> relayed = relay.asFlux().doOnCancel(() -> subscription[0].dispose());
        subscription[0] = source.subscribe(
                element -> {
                    relay.tryEmitNext(element);
                    started.complete(relayed);
                },
                failure -> {
                    if (!started.completeExceptionally(failure)) {
                        relay.tryEmitError(failure); // after the first element: the subscriber sees it, no retry
                    }
                },
                () -> {
                    relay.tryEmitComplete();
                    started.complete(relayed);
                });
        // A cancelled or timed-out attempt stops its source.
        started.whenComplete((stream, failure) -> {
            if (started.isCancelled()) {
                subscription[0].dispose();
            }
        });
        return started;
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
