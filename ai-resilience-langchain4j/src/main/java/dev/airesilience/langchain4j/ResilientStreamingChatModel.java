package dev.airesilience.langchain4j;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.streaming.ResilientStream;
import dev.airesilience.streaming.StreamObserver;
import dev.airesilience.streaming.StreamSource;
import dev.airesilience.streaming.StreamSubscription;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A LangChain4j {@link StreamingChatModel} whose streams run inside one operation of an {@link AIServiceResilience}.
 *
 * <p>It runs on the core's streaming call ({@link ResilientStream}). An attempt is a stream up to its first event
 * (token, thinking, tool call, or the complete response). A stream that fails <em>before</em> its first event, or
 * sends none within the operation's {@code firstTokenTimeout}, is classified and retried like any call
 * (asynchronously: backoff is scheduled, no thread sleeps), and the handler never hears of the failed attempts.
 * Once an event has reached the handler the attempt is committed: a later error, or no event within the
 * operation's {@code idleTimeout}, reaches {@link StreamingChatResponseHandler#onError} as a
 * {@link dev.airesilience.streaming.MidStreamException} (the client's error as cause) and is <em>not</em> retried,
 * because the handler has already shown part of an answer that a retry would repeat. A call that ends without an
 * answer gives the handler one {@code onError} with the orchestrator's exception (status code kept, the client's
 * exception as cause); a fallback's {@link ChatResponse} arrives as {@code onCompleteResponse}. The breaker counts a
 * stream by its start: a committed stream is a success.
 */
public final class ResilientStreamingChatModel implements StreamingChatModel {

    private final StreamingChatModel delegate;
    private final ResilienceDecorator<ChatResponse> decorator;

    private ResilientStreamingChatModel(StreamingChatModel delegate, ResilienceDecorator<ChatResponse> decorator) {
        this.delegate = Objects.requireNonNull(delegate, "model");
        this.decorator = Objects.requireNonNull(decorator, "decorator");
        ClientRetries.warnIfRetrying(delegate, false);
    }

    public static ResilientStreamingChatModel of(StreamingChatModel model, AIServiceResilience resilience, String operation) {
        return new ResilientStreamingChatModel(model, resilience.withOperationResilience(operation));
    }

    public static ResilientStreamingChatModel of(StreamingChatModel model, ResilienceDecorator<ChatResponse> decorator) {
        return new ResilientStreamingChatModel(model, decorator);
    }

    public StreamingChatModel delegate() {
        return delegate;
    }

    @Override
    public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
        chat(request, ChatRequestOptions.EMPTY, handler);
    }

    @Override
    public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
        Objects.requireNonNull(handler, "handler");
        ResilientStream.of(decorator, (StreamSource<Event>) events -> {
            delegate.chat(request, options, new Events(events));
            return StreamSubscription.NONE; // LangChain4j's streaming API has no cancel: an abandoned attempt is muted
        }).fallbackAnswer(answer -> events -> {
            events.onNext((Event) h -> h.onCompleteResponse(answer)); // a fallback answered: the stream never started
            events.onComplete();
            return StreamSubscription.NONE;
        }).subscribe(new Replay(handler));
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public List<ChatModelListener> listeners() {
        return delegate.listeners();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    @Override
    public String toString() {
        return "ResilientStreamingChatModel[" + decorator.operation() + ", " + delegate + "]";
    }

    /** One callback of the handler, replayed on the application's handler once its attempt has committed. */
    @FunctionalInterface
    interface Event extends Consumer<StreamingChatResponseHandler> {}

    /** One attempt's handler: turns LangChain4j's callbacks into the core's stream events. */
    static final class Events implements StreamingChatResponseHandler {
        private final StreamObserver<? super Event> events;

        Events(StreamObserver<? super Event> events) {
            this.events = events;
        }

        private void emit(Event event) {
            events.onNext(event);
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            emit(h -> h.onPartialResponse(partialResponse));
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            emit(h -> h.onPartialResponse(partialResponse, context));
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            emit(h -> h.onPartialThinking(partialThinking));
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            emit(h -> h.onPartialThinking(partialThinking, context));
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            emit(h -> h.onPartialToolCall(partialToolCall));
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            emit(h -> h.onPartialToolCall(partialToolCall, context));
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            emit(h -> h.onCompleteToolCall(completeToolCall));
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            emit(h -> h.onUnmappedRawEvent(rawEvent));
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            emit(h -> h.onCompleteResponse(completeResponse));
            events.onComplete();
        }

        @Override
        public void onError(Throwable error) {
            events.onError(error);
        }
    }

    /** The application's side: replays committed events; a failure arrives as one {@code onError}. */
    private static final class Replay implements StreamObserver<Event> {
        private final StreamingChatResponseHandler handler;

        Replay(StreamingChatResponseHandler handler) {
            this.handler = handler;
        }

        @Override
        public void onNext(Event event) {
            event.accept(handler);
        }

        @Override
        public void onComplete() {
            // onCompleteResponse was the last event
        }

        @Override
        public void onError(Throwable error) {
            handler.onError(error);
        }
    }
}
