package dev.airesilience.streaming;

/**
 * Receives one stream: elements, then at most one of {@link #onComplete()} or {@link #onError(Throwable)}. Calls
 * never overlap (they may come from different threads, one after another) and nothing follows the end.
 *
 * @param <T> the element type
 */
public interface StreamObserver<T> {

    void onNext(T element);

    void onComplete();

    void onError(Throwable error);
}
