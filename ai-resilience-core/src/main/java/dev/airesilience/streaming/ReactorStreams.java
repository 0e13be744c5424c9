package dev.airesilience.streaming;

import dev.airesilience.ResilienceDecorator;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * {@link ResilientStream} for Reactor: a {@link Flux} whose every subscription runs one streamed call. Only needs
 * Reactor when used (Reactor is an optional dependency of the core).
 *
 * <pre>{@code
 * Flux<String> tokens = ReactorStreams.flux(resilience.withOperationResilience("chat"), () -> model.stream(prompt), Flux::just);
 * }</pre>
 */
public final class ReactorStreams {

    private ReactorStreams() {}

    /**
     * @param attempt called once per attempt; the publisher it returns is one stream from the provider
     * @param fallbackAnswer streams the decorator's fallback answer
     */
    public static <T, R> Flux<T> flux(ResilienceDecorator<R> decorator, Supplier<? extends Publisher<? extends T>> attempt,
            Function<? super R, ? extends Publisher<? extends T>> fallbackAnswer) {
        Objects.requireNonNull(fallbackAnswer, "fallbackAnswer");
        return flux(ResilientStream.of(decorator, source(attempt))
                .fallbackAnswer(answer -> source(() -> fallbackAnswer.apply(answer))));
    }

    /** Each subscription runs {@code stream}; cancelling the subscription cancels the call and its retries. */
    public static <T> Flux<T> flux(ResilientStream<T, ?> stream) {
        Objects.requireNonNull(stream, "stream");
        return Flux.create(sink -> {
            StreamSubscription subscription = stream.subscribe(new SinkObserver<>(sink));
            sink.onDispose(subscription::cancel);
        });
    }

    /** A source whose attempts subscribe to the publisher {@code publisher} returns. */
    public static <T> StreamSource<T> source(Supplier<? extends Publisher<? extends T>> publisher) {
        Objects.requireNonNull(publisher, "publisher");
        return observer -> {
            Publisher<? extends T> stream = publisher.get();
            if (stream == null) {
                throw new NullPointerException("the stream supplier returned null instead of a Publisher");
            }
            Disposable subscription = Flux.from(stream).subscribe(observer::onNext, observer::onError, observer::onComplete);
            return subscription::dispose;
        };
    }

    private static final class SinkObserver<T> implements StreamObserver<T> {
        private final FluxSink<T> sink;

        SinkObserver(FluxSink<T> sink) {
            this.sink = sink;
        }

        @Override
        public void onNext(T element) {
            sink.next(element);
        }

        @Override
        public void onComplete() {
            sink.complete();
        }

        @Override
        public void onError(Throwable error) {
            sink.error(error);
        }
    }
}
