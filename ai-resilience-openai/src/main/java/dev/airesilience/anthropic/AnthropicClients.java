package dev.airesilience.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.openai.OnceWarning;
import dev.airesilience.openai.ResilientClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Anthropic Java SDK next to the orchestrator: exactly one retry loop. The SDK retries by itself
 * ({@code maxRetries}, default 2), 529 overloads included; {@link #withoutRetries} derives a client without them,
 * {@link #resilient} wraps a client in an operation and warns once when it still retries.
 */
public final class AnthropicClients {

    private static final Logger LOG = LoggerFactory.getLogger(AnthropicClients.class);

    private AnthropicClients() {}

    /** {@code client.withOptions(o -> o.maxRetries(0))}: the same client, without the SDK's own retries. */
    public static AnthropicClient withoutRetries(AnthropicClient client) {
        return client.withOptions(options -> options.maxRetries(0));
    }

    /** As {@link #withoutRetries(AnthropicClient)} for the asynchronous client. */
    public static AnthropicClientAsync withoutRetries(AnthropicClientAsync client) {
        return client.withOptions(options -> options.maxRetries(0));
    }

    /** Runs the client's requests in {@code operation}; warns once if the client still retries by itself. */
    public static ResilientClient<AnthropicClient> resilient(AnthropicClient client, AIServiceResilience resilience,
            String operation) {
        warnIfRetrying(client.options().maxRetries());
        return ResilientClient.of(client, resilience, operation);
    }

    /** As {@link #resilient(AnthropicClient, AIServiceResilience, String)} with an explicit decorator. */
    public static ResilientClient<AnthropicClient> resilient(AnthropicClient client, ResilienceDecorator<?> decorator) {
        warnIfRetrying(client.options().maxRetries());
        return ResilientClient.of(client, decorator);
    }

    /** As {@link #resilient(AnthropicClient, AIServiceResilience, String)} for the asynchronous client. */
    public static ResilientClient<AnthropicClientAsync> resilient(AnthropicClientAsync client,
            AIServiceResilience resilience, String operation) {
        warnIfRetrying(client.options().maxRetries());
        return ResilientClient.of(client, resilience, operation);
    }

    private static void warnIfRetrying(int maxRetries) {
        if (maxRetries > 0) {
            OnceWarning.warn(LOG, "anthropic", "The Anthropic client has maxRetries=" + maxRetries + ": it retries "
                    + "inside each attempt of ai-resilience, so one call can send up to " + (maxRetries + 1)
                    + " requests per attempt and sleep past the call's budget. Build it with "
                    + "AnthropicOkHttpClient.builder().maxRetries(0) or pass AnthropicClients.withoutRetries(client).");
        }
    }
}
