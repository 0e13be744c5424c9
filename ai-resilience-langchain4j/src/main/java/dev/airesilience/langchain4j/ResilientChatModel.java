package dev.airesilience.langchain4j;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A LangChain4j {@link ChatModel} whose every chat runs inside one operation of an {@link AIServiceResilience}:
 * use it wherever the model was used, AI Services included.
 *
 * <pre>{@code
 * ChatModel model = ResilientChatModel.of(OpenAiChatModel.builder()...maxRetries(0).build(), resilience, "chat");
 * Assistant assistant = AiServices.create(Assistant.class, model);
 * }</pre>
 *
 * The wrapped model's listeners, default parameters, provider and capabilities are its own; its listeners see each
 * attempt. Build the model with {@code maxRetries(0)}: LangChain4j's own retries cannot be switched off from here
 * (a WARN says so once per model class when the model still retries, or when that cannot be read).
 */
public final class ResilientChatModel implements ChatModel {

    private final ChatModel delegate;
    private final ResilienceDecorator<ChatResponse> decorator;

    private ResilientChatModel(ChatModel delegate, ResilienceDecorator<ChatResponse> decorator) {
        this.delegate = Objects.requireNonNull(delegate, "model");
        this.decorator = Objects.requireNonNull(decorator, "decorator");
        ClientRetries.warnIfRetrying(delegate, true);
    }

    /** {@code model}'s chats in {@code operation}, with the operation's own configuration. */
    public static ResilientChatModel of(ChatModel model, AIServiceResilience resilience, String operation) {
        return new ResilientChatModel(model, resilience.withOperationResilience(operation));
    }

    /** {@code model}'s chats through an explicit decorator (strategy, custom configuration, fallback). */
    public static ResilientChatModel of(ChatModel model, ResilienceDecorator<ChatResponse> decorator) {
        return new ResilientChatModel(model, decorator);
    }

    /** The wrapped model. */
    public ChatModel delegate() {
        return delegate;
    }

    @Override
    public ChatResponse chat(ChatRequest chatRequest) {
        return decorator.call(() -> delegate.chat(chatRequest));
    }

    @Override
    public ChatResponse chat(ChatRequest chatRequest, ChatRequestOptions options) {
        return decorator.call(() -> delegate.chat(chatRequest, options));
    }

    @Override
    public ChatResponse doChat(ChatRequest chatRequest) {
        return decorator.call(() -> delegate.doChat(chatRequest));
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
        return "ResilientChatModel[" + decorator.operation() + ", " + delegate + "]";
    }
}
