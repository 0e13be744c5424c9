package dev.airesilience.streaming;

/**
 * What a stream does when it fails after its first element, chosen explicitly: it is never retried (the
 * subscriber already has part of the answer, and a retry would repeat it).
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface MidStreamFallback<T> {

    /**
     * @return the rest of the stream, relayed after the elements already delivered (for example one element that
     *     says the answer was cut short), or {@code null} to pass {@code failure} on to the subscriber
     */
    StreamSource<? extends T> resume(MidStreamException failure);
}
