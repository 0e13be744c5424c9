package dev.airesilience.openai;

import com.openai.core.http.AsyncStreamResponse;
import dev.airesilience.streaming.StreamObserver;
import dev.airesilience.streaming.StreamSubscription;
import java.util.Optional;

/** The OpenAI SDK's asynchronous stream as the core's stream source. Loaded only when the SDK is present. */
final class OpenAiStreams {

    private OpenAiStreams() {}

    static boolean isStream(Object response) {
        return response instanceof AsyncStreamResponse;
    }

    @SuppressWarnings("unchecked")
    static <T> StreamSubscription open(Object response, StreamObserver<? super T> events) {
        AsyncStreamResponse<T> stream = (AsyncStreamResponse<T>) response;
        stream.subscribe(new AsyncStreamResponse.Handler<T>() {
            @Override
            public void onNext(T value) {
                events.onNext(value);
            }

            @Override
            public void onComplete(Optional<Throwable> error) {
                if (error.isPresent()) {
                    events.onError(error.get());
                } else {
                    events.onComplete();
                }
            }
        });
        return stream::close; // may block on a stalled connection: the core calls it off its timer and callers' threads
    }
}
