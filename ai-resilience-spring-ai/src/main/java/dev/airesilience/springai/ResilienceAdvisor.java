package dev.airesilience.springai;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.streaming.ReactorStreams;
import java.util.Objects;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;
import reactor.core.publisher.Flux;

/**
 * A Spring AI {@code ChatClient} advisor that runs the rest of the advisor chain (in the end: the model call)
 * inside one operation of an {@link AIServiceResilience}: retries with backoff and {@code Retry-After}, the
 * operation's breaker, cooldown, metrics and fallback.
 *
 * <p>Its default order, {@link #DEFAULT_ORDER}, puts it close to the model: inside chat memory, tool calling and
 * structured-output validation, so a retry repeats one model request and nothing else (a memory advisor outside
 * it records the exchange once). Each attempt runs on a fresh copy of the remaining chain.
 *
 * <p>Streams run on the core's streaming call ({@code ReactorStreams}): an attempt is a stream up to its first
 * element. A stream that fails before it, or sends none within the operation's {@code firstTokenTimeout}, is
 * retried (scheduled, no thread sleeps); once an element has gone downstream, a later error, or no element within
 * the operation's {@code idleTimeout}, ends the stream with a {@code MidStreamException} and is not retried, since
 * a retry would repeat what the subscriber has already seen. A fallback's response is emitted as the stream's only
 * element.
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
        return ReactorStreams.flux(decorator, () -> chain.copy(this).nextStream(request), Flux::just);
    }
}
