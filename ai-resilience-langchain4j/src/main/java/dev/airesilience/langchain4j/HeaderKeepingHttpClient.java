package dev.airesilience.langchain4j;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A LangChain4j {@link HttpClient} on the JDK's {@code java.net.http} client that keeps the headers of error
 * responses: a non-2xx answer is thrown as an {@link HttpStatusException} (an {@code HttpException} with headers),
 * which LangChain4j maps as usual, so a 429's {@code Retry-After} reaches the orchestrator. Otherwise it behaves
 * as LangChain4j's {@code JdkHttpClient} (which it uses for multipart form-data requests, whose error headers are
 * therefore still dropped). Network failures surface as {@link UncheckedIOException} (transient), timeouts as
 * LangChain4j's {@link TimeoutException}.
 */
public final class HeaderKeepingHttpClient implements HttpClient {

    private final java.net.http.HttpClient delegate;
    private final Duration readTimeout;
    private final HttpClient multipart;

    HeaderKeepingHttpClient(HeaderKeepingHttpClientBuilder builder) {
        java.net.http.HttpClient.Builder http = builder.httpClientBuilder() != null
                ? builder.httpClientBuilder() : java.net.http.HttpClient.newBuilder();
        if (builder.connectTimeout() != null) {
            http.connectTimeout(builder.connectTimeout());
        }
        this.delegate = http.build();
        this.readTimeout = builder.readTimeout();
        this.multipart = JdkHttpClient.builder()
                .httpClientBuilder(builder.httpClientBuilder())
                .connectTimeout(builder.connectTimeout())
                .readTimeout(builder.readTimeout())
                .build();
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            return multipart.execute(request);
        }
        try {
            HttpResponse<byte[]> response = delegate.send(toJdkRequest(request), BodyHandlers.ofByteArray());
            if (!isSuccessful(response)) {
                throw new HttpStatusException(response.statusCode(), response.headers().map(),
                        new String(response.body(), StandardCharsets.UTF_8));
            }
            return SuccessfulHttpResponse.builder()
                    .statusCode(response.statusCode())
                    .headers(response.headers().map())
                    .body(response.body())
                    .build();
        } catch (HttpTimeoutException e) {
            throw new TimeoutException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the provider", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        delegate.sendAsync(toJdkRequest(request), BodyHandlers.ofInputStream())
                .thenAccept(response -> {
                    if (!isSuccessful(response)) {
                        quietly(() -> listener.onError(new HttpStatusException(response.statusCode(),
                                response.headers().map(), readBody(response))));
                        return;
                    }
                    quietly(() -> listener.onOpen(SuccessfulHttpResponse.builder()
                            .statusCode(response.statusCode())
                            .headers(response.headers().map())
                            .build()));
                    try (InputStream body = response.body()) {
                        parser.parse(body, listener);
                        quietly(listener::onClose);
                    } catch (IOException e) {
                        quietly(() -> listener.onError(new UncheckedIOException(e)));
                    }
                })
                .exceptionally(failure -> {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    if (cause instanceof HttpTimeoutException) {
                        quietly(() -> listener.onError(new TimeoutException(cause)));
                    } else if (cause instanceof IOException) {
                        quietly(() -> listener.onError(new UncheckedIOException((IOException) cause)));
                    } else {
                        quietly(() -> listener.onError(cause));
                    }
                    return null;
                });
    }

    private java.net.http.HttpRequest toJdkRequest(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder().uri(URI.create(request.url()));
        request.headers().forEach((name, values) -> {
            if (values != null) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        builder.method(request.method().name(), request.body() != null
                ? java.net.http.HttpRequest.BodyPublishers.ofString(request.body())
                : java.net.http.HttpRequest.BodyPublishers.noBody());
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        return builder.build();
    }

    private static boolean isSuccessful(HttpResponse<?> response) {
        return response.statusCode() >= 200 && response.statusCode() < 300;
    }

    private static String readBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "Cannot read error response body: " + e.getMessage();
        }
    }

    private static void quietly(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException ignored) {
            // a listener that throws must not break the stream's delivery (as in LangChain4j's own clients)
        }
    }
}
