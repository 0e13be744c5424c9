package dev.airesilience.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.ClientOptions;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import java.lang.reflect.Field;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI Java SDK next to the orchestrator: exactly one retry loop.
 *
 * <p>The SDK retries by itself ({@code maxRetries}, default 2) with waits of its own, capped below what a
 * provider may ask: inside the orchestrator's attempts that multiplies requests (3 per attempt) and hides sleeps
 * from the call's time budget. {@link #withoutRetries} derives a client without them from the application's own
 * (same connection pool, key and base URL); {@link #resilient} wraps a client in an operation and warns once when
 * the client still retries.
 */
public final class OpenAiClients {

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiClients.class);

    private OpenAiClients() {}

    /** {@code client.withOptions(o -> o.maxRetries(0))}: the same client, without the SDK's own retries. */
    public static OpenAIClient withoutRetries(OpenAIClient client) {
        return client.withOptions(options -> options.maxRetries(0));
    }

    /** As {@link #withoutRetries(OpenAIClient)} for the asynchronous client. */
    public static OpenAIClientAsync withoutRetries(OpenAIClientAsync client) {
        return client.withOptions(options -> options.maxRetries(0));
    }

    /**
     * The client's {@code maxRetries}, or empty when it cannot be read: the SDK has no getter for its options, so
     * this reads the {@code clientOptions} field of the SDK's own client classes.
     */
    public static OptionalInt maxRetries(Object client) {
        if (client == null) {
            return OptionalInt.empty();
        }
        try {
            Field field = client.getClass().getDeclaredField("clientOptions");
            field.setAccessible(true);
            Object options = field.get(client);
            return options instanceof ClientOptions ? OptionalInt.of(((ClientOptions) options).maxRetries()) : OptionalInt.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Runs the client's requests in {@code operation}; warns once if the client still retries by itself. */
    public static ResilientClient<OpenAIClient> resilient(OpenAIClient client, AIServiceResilience resilience, String operation) {
        warnIfRetrying(client);
        return ResilientClient.of(client, resilience, operation);
    }

    /** As {@link #resilient(OpenAIClient, AIServiceResilience, String)} with an explicit decorator. */
    public static ResilientClient<OpenAIClient> resilient(OpenAIClient client, ResilienceDecorator<?> decorator) {
        warnIfRetrying(client);
        return ResilientClient.of(client, decorator);
    }

    /** As {@link #resilient(OpenAIClient, AIServiceResilience, String)} for the asynchronous client. */
    public static ResilientClient<OpenAIClientAsync> resilient(OpenAIClientAsync client, AIServiceResilience resilience,
            String operation) {
        warnIfRetrying(client);
        return ResilientClient.of(client, resilience, operation);
    }

    /**
     * Logs one WARN (once per JVM) when {@code client} has SDK retries on, naming the setting; returns whether the
     * client retries (or may: when its setting cannot be read).
     */
    public static boolean warnIfRetrying(Object client) {
        OptionalInt retries = maxRetries(client);
        if (retries.isPresent() && retries.getAsInt() == 0) {
            return false;
        }
        OnceWarning.warn(LOG, "openai", retries.isPresent()
                ? "The OpenAI client has maxRetries=" + retries.getAsInt() + ": it retries inside each attempt of "
                        + "ai-resilience, so one call can send up to " + (retries.getAsInt() + 1) + " requests per attempt "
                        + "and sleep past the call's budget. Build it with OpenAIOkHttpClient.builder().maxRetries(0) "
                        + "or pass OpenAiClients.withoutRetries(client)."
                : "Cannot read the OpenAI client's maxRetries (" + client.getClass().getName() + "); unless it is 0, "
                        + "the SDK retries inside each attempt of ai-resilience. Use OpenAiClients.withoutRetries(client).");
        return true;
    }
}
