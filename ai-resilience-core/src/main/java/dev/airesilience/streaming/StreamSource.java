package dev.airesilience.streaming;

import java.util.List;

/**
 * Opens one attempt of a stream, for example one streamed request to a provider. The source reports the stream to
 * the observer it is given (serially: one event at a time); a failure to start may be thrown or reported through
 * {@link StreamObserver#onError(Throwable)}.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface StreamSource<T> {

    /**
     * Starts the stream.
     *
     * @return what stops it (an abandoned attempt, a cancelled call); {@link StreamSubscription#NONE} if it
     *     cannot be stopped
     */
    StreamSubscription open(StreamObserver<? super T> observer) throws Exception;

    /** A stream of the given elements, then its end: for fallbacks that answer with a fixed text. */
    static <T> StreamSource<T> of(List<? extends T> elements) {
        List<? extends T> copy = List.copyOf(elements);
        return observer -> {
            for (T element : copy) {
                observer.onNext(element);
            }
            observer.onComplete();
            return StreamSubscription.NONE;
        };
    }
}
