package dev.airesilience.langchain4j;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j {@link StreamingChatModel} whose streams run inside one operation of an {@link AIServiceResilience}.
 *
 * <p>An attempt is a stream up to its first event (token, thinking, tool call, or the complete response). A stream
 * that fails <em>before</em> its first event is classified and retried like any call (asynchronously: backoff is
 * scheduled, no thread sleeps), and the handler never hears of the failed attempts. Once an event has reached the
 * handler the attempt is committed: a later error goes to {@link StreamingChatResponseHandler#onError} as it is and
 * is <em>not</em> retried, because the handler has already shown part of an answer that a retry would repeat. A
 * call that ends without an answer gives the handler one {@code onError} with the orchestrator's exception (status
 * code kept, the client's exception as cause); a fallback's {@link ChatResponse} arrives as
 * {@code onCompleteResponse}. The breaker counts a stream by its start: a committed stream is a success.
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
        decorator.callAsync(() -> {
            Attempt attempt = new Attempt(handler);
            try {
                delegate.chat(request, options, attempt);
            } catch (RuntimeException e) {
                attempt.onError(e);
            }
            return attempt.started;
        }).whenComplete((fallbackAnswer, failure) -> {
            if (failure != null) {
                handler.onError(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else if (fallbackAnswer != null) {
                handler.onCompleteResponse(fallbackAnswer); // a fallback answered: the stream never started
            }
        });
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

    /**
     * One attempt's handler. {@link #started} completes (with {@code null}: the stream answers for itself) at the
     * first event, or fails with an error that comes before it. After a failure the attempt is abandoned: anything
     * it still delivers is dropped, so two attempts never interleave.
     */
    static final class Attempt implements StreamingChatResponseHandler {
        private static final int PENDING = 0;
        private static final int COMMITTED = 1;
        private static final int ABANDONED = 2;

        final CompletableFuture<ChatResponse> started = new CompletableFuture<>();
        private final StreamingChatResponseHandler handler;
        private final AtomicInteger state = new AtomicInteger(PENDING);

        Attempt(StreamingChatResponseHandler handler) {
            this.handler = handler;
        }

        /** Whether events of this attempt go to the handler; the first one commits it. */
        private boolean deliver() {
            int now = state.get();
            if (now == COMMITTED) {
                return true;
            }
            if (now == PENDING && state.compareAndSet(PENDING, COMMITTED)) {
                if (started.complete(null)) {
                    return true;
                }
                state.set(ABANDONED); // the orchestrator gave up on this attempt (timeout, cancel)
            }
            return false;
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            if (deliver()) {
                handler.onPartialResponse(partialResponse);
            }
        }

        @Override
        public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
            if (deliver()) {
                handler.onPartialResponse(partialResponse, context);
            }
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking) {
            if (deliver()) {
                handler.onPartialThinking(partialThinking);
            }
        }

        @Override
        public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
            if (deliver()) {
                handler.onPartialThinking(partialThinking, context);
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall) {
            if (deliver()) {
                handler.onPartialToolCall(partialToolCall);
            }
        }

        @Override
        public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
            if (deliver()) {
                handler.onPartialToolCall(partialToolCall, context);
            }
        }

        @Override
        public void onCompleteToolCall(CompleteToolCall completeToolCall) {
            if (deliver()) {
                handler.onCompleteToolCall(completeToolCall);
            }
        }

        @Override
        public void onUnmappedRawEvent(Object rawEvent) {
            if (deliver()) {
                handler.onUnmappedRawEvent(rawEvent);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            if (deliver()) {
                handler.onCompleteResponse(completeResponse);
            }
        }

        @Override
        public void onError(Throwable error) {
            if (state.get() == COMMITTED) {
                handler.onError(error); // mid-stream: surfaced, never retried silently
            } else if (state.compareAndSet(PENDING, ABANDONED)) {
                started.completeExceptionally(error); // before the first event: the orchestrator decides
            }
        }
    }
}
