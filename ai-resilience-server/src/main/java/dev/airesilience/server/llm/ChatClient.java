package dev.airesilience.server.llm;

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

    /** The model name sent to the provider. */
    String model();
}
