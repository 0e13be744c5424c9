package dev.airesilience.server.llm;

import dev.airesilience.exception.AIExceptions;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client for the OpenAI-compatible Chat Completions API ({@code POST <base>/chat/completions}).
 *
 * <p>One call is one HTTP request with its own timeout; status codes and {@code Retry-After},
 * {@code retry-after-ms} and {@code x-should-retry} are mapped by {@link AIExceptions#fromHttpResponse}. A
 * timeout or a connection failure is transient. The API key is sent only in the Authorization header and never
 * appears in an exception message; error bodies are {@linkplain ProviderErrors#redact redacted} first.
 */
public final class OpenAiChatClient implements ChatClient {

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String model;
    private final String fallbackModel;
    private final Duration attemptTimeout;

    public OpenAiChatClient(URI baseUrl, String apiKey, String model, Duration connectTimeout, Duration attemptTimeout) {
        this(baseUrl, apiKey, model, null, connectTimeout, attemptTimeout);
    }

    /** {@code fallbackModel}: the model that takes over when {@code model} cannot answer; null or blank for none. */
    public OpenAiChatClient(URI baseUrl, String apiKey, String model, String fallbackModel, Duration connectTimeout,
            Duration attemptTimeout) {
        this.fallbackModel = fallbackModel == null || fallbackModel.isBlank() || fallbackModel.equals(model)
                ? null : fallbackModel;
        String base = baseUrl.toString();
        this.endpoint = URI.create(base.endsWith("/") ? base + "chat/completions" : base + "/chat/completions");
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
        this.model = model;
        this.attemptTimeout = attemptTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public String fallbackModel() {
        return fallbackModel;
    }

    @Override
    public String complete(String systemPrompt, String userPrompt, String idempotencyKey) {
        return complete(systemPrompt, userPrompt, idempotencyKey, model);
    }

    @Override
    public String complete(String systemPrompt, String userPrompt, String idempotencyKey, String model) {
        HttpResponse<String> response;
        try {
            response = http.send(request(systemPrompt, userPrompt, idempotencyKey, model),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallInterruptedException("chat_completion", e);
        }
        return answer(response);
    }

    @Override
    public CompletableFuture<String> completeAsync(String systemPrompt, String userPrompt, String idempotencyKey) {
        return completeAsync(systemPrompt, userPrompt, idempotencyKey, model);
    }

    @Override
    public CompletableFuture<String> completeAsync(String systemPrompt, String userPrompt, String idempotencyKey,
            String model) {
        CompletableFuture<String> answer = new CompletableFuture<>();
        http.sendAsync(request(systemPrompt, userPrompt, idempotencyKey, model), HttpResponse.BodyHandlers.ofString())
                .whenComplete((response, failure) -> {
                    try {
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                    ? failure.getCause() : failure;
                            answer.completeExceptionally(cause instanceof IOException io ? unreachable(io) : cause);
                        } else {
                            answer.complete(answer(response));
                        }
                    } catch (RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
        return answer;
    }

    private HttpRequest request(String systemPrompt, String userPrompt, String idempotencyKey, String model) {
        byte[] body = json.writeValueAsBytes(Map.of("model", model, "temperature", 0,
                "messages", List.of(Map.of("role", "system", "content", systemPrompt),
                        Map.of("role", "user", "content", userPrompt))));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(attemptTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return request.build();
    }

    /** A timeout or a connection failure: transient, and the message names no address or key. */
    private RuntimeException unreachable(IOException e) {
        if (e instanceof HttpTimeoutException) {
            return new TransientAIException("AI provider did not answer within " + attemptTimeout.toMillis() + " ms", e);
        }
        return new ServiceUnavailableException("AI provider unreachable: " + e.getClass().getSimpleName(), e);
    }

    private String answer(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            // Redacted before the exception keeps any of it: the message reaches logs and, when enabled, clients.
            throw AIExceptions.fromHttpResponse(response.statusCode(), response.headers(),
                    ProviderErrors.redact(response.body(), apiKey), Instant.now());
        }
        return content(response.body());
    }

    private String content(String body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new TransientAIException("AI provider sent a response that is not JSON", e);
        }
        JsonNode content = root.path("choices").path(0).path("message").path("content");
        if (!content.isString()) {
            throw new PermanentAIException("AI provider response has no choices[0].message.content");
        }
        return content.asString();
    }

    /** For log lines: the endpoint, never the key. */
    @Override
    public String toString() {
        return "OpenAiChatClient[" + endpoint + ", model=" + model + (fallbackModel == null ? "" : ", fallback model="
                + fallbackModel) + ", key=" + (apiKey == null ? "none" : "set") + "]";
    }

}
