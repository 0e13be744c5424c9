package dev.airesilience.springai;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A Spring AI {@code ChatClient} advisor that runs the rest of the advisor chain (in the end: the model call)
 * inside one operation of an {@link AIServiceResilience}: retries with backoff and {@code Retry-After}, the
 * operation's breaker, cooldown, metrics and fallback.
 *
 * <p>Its default order, {@link #DEFAULT_ORDER}, puts it close to the model: inside chat memory, tool calling and
 * structured-output validation, so a retry repeats one model request and nothing else (a memory advisor outside
 * it records the exchange once). Each attempt runs on a fresh copy of the remaining chain.
 *
 * <p>Streams: an attempt is a stream up to its first element. A stream that fails before it is retried
 * (scheduled, no thread sleeps); once an element has gone downstream, a later error is passed on as it is and not
 * retried, since a retry would repeat what the subscriber has already seen. A fallback's response is emitted as
 * the stream's only element.
 *
 * <p>The advisor cannot reach the model's client to switch its own retries off: set
 * {@code spring.ai.openai.chat.options.max-retries=0} (or {@code OpenAiChatOptions.builder().maxRetries(0)}); the
 * auto-configuration warns once when an {@code OpenAiChatModel} bean still retries.
 */
public final class ResilienceAdvisor implements CallAdvisor, StreamAdvisor {

    /** Inside memory (HIGHEST + 200), tool calling (HIGHEST + 300) and output validation (LOWEST - 2000). */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1000;

    private final ResilienceDecorator<ChatClientResponse> decorator;
    private final int order;

    public ResilienceAdvisor(AIServiceResilience resilience, String operation) {
        this(resilience.withOperationResilience(operation), DEFAULT_ORDER);
    }

    public ResilienceAdvisor(ResilienceDecorator<ChatClientResponse> decorator, int order) {
        this.decorator = Objects.requireNonNull(decorator, "decorator");
        this.order = order;
    }

    /** The operation the advised calls run in. */
    public String operation() {
        return decorator.operation();
    }

    @Override
    public String getName() {
        return "AIResilienceAdvisor[" + decorator.operation() + "]";
    }

    @Override
    public int getOrder() {
        return order;
    }

    @Override
    public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
        return decorator.call(() -> chain.copy(this).nextCall(request));
    }

    @Override
    public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
        return Flux.create(sink -> {
            AtomicReference<Attempt> current = new AtomicReference<>();
            sink.onDispose(() -> {
                Attempt attempt = current.get();
                if (attempt != null) {
                    attempt.dispose();
                }
            });
            decorator.callAsync(() -> {
                Attempt attempt = new Attempt(sink);
                current.set(attempt);
                attempt.subscribe(chain.copy(this).nextStream(request));
                return attempt.started;
            }).whenComplete((fallbackAnswer, failure) -> {
                if (failure != null) {
                    sink.error(failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure);
                } else if (fallbackAnswer != null) {
                    sink.next(fallbackAnswer);
                    sink.complete();
                }
            });
        });
    }

    /** One attempt of a stream; see {@code ResilientStreamingChatModel} in the LangChain4j adapter for the idea. */
    private static final class Attempt {
        private static final int PENDING = 0;
        private static final int COMMITTED = 1;
        private static final int ABANDONED = 2;

        final java.util.concurrent.CompletableFuture<ChatClientResponse> started = new java.util.concurrent.CompletableFuture<>();
        private final FluxSink<ChatClientResponse> sink;
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private volatile Disposable subscription;

        Attempt(FluxSink<ChatClientResponse> sink) {
            this.sink = sink;
        }

        void subscribe(Flux<ChatClientResponse> stream) {
            subscription = stream.subscribe(this::next, this::error, this::complete);
        }

        void dispose() {
            Disposable s = subscription;
            if (s != null) {
                s.dispose();
            }
        }

        private boolean deliver() {
            int now = state.get();
            if (now == COMMITTED) {
                return true;
            }
            if (now == PENDING && state.compareAndSet(PENDING, COMMITTED)) {
                if (started.complete(null)) {
                    return true;
                }
                state.set(ABANDONED);
            }
            return false;
        }

        private void next(ChatClientResponse response) {
            if (deliver()) {
                sink.next(response);
            }
        }

        private void complete() {
            if (deliver()) {
                sink.complete();
            }
        }

        private void error(Throwable error) {
            if (state.get() == COMMITTED) {
                sink.error(error); // mid-stream: passed on, never retried silently
            } else if (state.compareAndSet(PENDING, ABANDONED)) {
                started.completeExceptionally(error);
            }
        }
    }
}
