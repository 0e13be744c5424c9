package dev.airesilience.streaming;

import dev.airesilience.ResilienceDecorator;
import java.util.Objects;
import java.util.function.Function;

/**
 * A streamed call (tokens of an LLM answer) that runs inside one operation of a decorator: one mechanism for every
 * client's streaming, with or without Reactor ({@link ReactorStreams} is the Reactor glue).
 *
 * <ul>
 *   <li>An attempt is a stream up to its first element. A failure before it (an error, or no element within the
 *       operation's {@code firstTokenTimeout}) is a failed attempt like any other: classified, retried with
 *       backoff and {@code Retry-After}, counted by the breaker. The subscriber never hears of it.</li>
 *   <li>The first element commits the attempt: the call counts as a success and the rest of the stream is
 *       relayed. A later failure, or no element within the operation's {@code idleTimeout}, is never retried (it
 *       would repeat what the subscriber has): the subscriber gets a {@link MidStreamException} naming the
 *       operation and how many elements it received, unless {@link #afterFirstElement} chose a fallback.</li>
 *   <li>A call that ends without a stream (attempts used up, open circuit, permanent error) gives the subscriber
 *       the orchestrator's exception, or, if the decorator has a fallback, its answer streamed by
 *       {@link #fallbackAnswer}.</li>
 * </ul>
 *
 * <p>Waits and timeouts run on the orchestrator's injected scheduler and clock; no thread blocks. Immutable.
 *
 * <pre>{@code
 * StreamSubscription s = ResilientStream.of(resilience.withOperationResilience("chat"), source).subscribe(observer);
 * }</pre>
 *
 * @param <T> the element type
 * @param <R> the result type of the decorator (what its fallback answers)
 */
public final class ResilientStream<T, R> {

    final ResilienceDecorator<R> decorator;
    final StreamSource<T> source;
    final Function<? super R, ? extends StreamSource<? extends T>> fallbackAnswer;
    final MidStreamFallback<T> afterFirstElement;

    private ResilientStream(ResilienceDecorator<R> decorator, StreamSource<T> source,
            Function<? super R, ? extends StreamSource<? extends T>> fallbackAnswer, MidStreamFallback<T> afterFirstElement) {
        this.decorator = Objects.requireNonNull(decorator, "decorator");
        this.source = Objects.requireNonNull(source, "source");
        this.fallbackAnswer = fallbackAnswer;
        this.afterFirstElement = afterFirstElement;
    }

    /** Streams of {@code source} run in {@code decorator}'s operation, with its configuration and fallback. */
    public static <T, R> ResilientStream<T, R> of(ResilienceDecorator<R> decorator, StreamSource<T> source) {
        return new ResilientStream<>(decorator, source, null, null);
    }

    /**
     * How the decorator's fallback answer is streamed. Without it a {@code null} answer ends the stream empty and
     * any other answer is an error, since nothing says how to turn it into elements.
     */
    public ResilientStream<T, R> fallbackAnswer(Function<? super R, ? extends StreamSource<? extends T>> toStream) {
        return new ResilientStream<>(decorator, source, Objects.requireNonNull(toStream, "toStream"), afterFirstElement);
    }

    /** What a failure after the first element becomes, instead of a {@link MidStreamException} for the subscriber. */
    public ResilientStream<T, R> afterFirstElement(MidStreamFallback<T> fallback) {
        return new ResilientStream<>(decorator, source, fallbackAnswer, Objects.requireNonNull(fallback, "fallback"));
    }

    /** Starts the call now; {@code observer} gets one stream (elements, then one end). */
    public StreamSubscription subscribe(StreamObserver<? super T> observer) {
        StreamCall<T, R> call = new StreamCall<>(this, observer);
        call.start();
        return call;
    }
}
