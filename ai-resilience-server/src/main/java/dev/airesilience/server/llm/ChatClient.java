package dev.airesilience.server.llm;

import java.util.concurrent.CompletableFuture;

/**
 * One attempt at a chat completion. Implementations never retry: the orchestrator is the only retry loop.
 * Failures are {@link dev.airesilience.exception.AIServiceException}s classified from the provider's answer.
 */
public interface ChatClient {

    /**
     * @param idempotencyKey identifies the logical call; the same for every retry of it
     * @return the assistant's message content
     */
    String complete(String systemPrompt, String userPrompt, String idempotencyKey);

    /**
     * {@link #complete} without holding a thread while the provider answers: the text API's calls wait for the
     * provider, for backoffs and for cooldowns without a thread, so a provider in trouble cannot exhaust the service's
     * threads (on JDK 17 they are platform threads). Fails with the same exceptions as {@link #complete}.
     */
    CompletableFuture<String> completeAsync(String systemPrompt, String userPrompt, String idempotencyKey);

    /** {@link #completeAsync} with {@code model} instead of {@link #model()}: one target of a route of models. */
    CompletableFuture<String> completeAsync(String systemPrompt, String userPrompt, String idempotencyKey, String model);

    /** {@link #complete} with {@code model} instead of {@link #model()}. */
    String complete(String systemPrompt, String userPrompt, String idempotencyKey, String model);

    /** The model name sent to the provider. */
    String model();

    /**
     * The model that takes over when {@link #model()} cannot answer (an outage, its rate limit, its breaker open), at
     * the same provider; null when there is none.
     */
    default String fallbackModel() {
        return null;
    }
}
