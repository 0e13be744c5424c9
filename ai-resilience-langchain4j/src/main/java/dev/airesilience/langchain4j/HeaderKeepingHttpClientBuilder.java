package dev.airesilience.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * Builds a {@link HeaderKeepingHttpClient}: pass it to a LangChain4j model builder's
 * {@code httpClientBuilder(...)} so that a provider's {@code Retry-After} reaches the orchestrator.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *         .apiKey(key).modelName("gpt-4o-mini")
 *         .httpClientBuilder(new HeaderKeepingHttpClientBuilder())
 *         .maxRetries(0)
 *         .build();
 * }</pre>
 */
public final class HeaderKeepingHttpClientBuilder implements HttpClientBuilder {

    private Duration connectTimeout;
    private Duration readTimeout;
    private java.net.http.HttpClient.Builder httpClientBuilder;

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HeaderKeepingHttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout;
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HeaderKeepingHttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    /** The JDK client builder to start from (proxy, SSL, executor ...); a fresh one by default. */
    public HeaderKeepingHttpClientBuilder httpClientBuilder(java.net.http.HttpClient.Builder builder) {
        this.httpClientBuilder = builder;
        return this;
    }

    java.net.http.HttpClient.Builder httpClientBuilder() {
        return httpClientBuilder;
    }

    @Override
    public HeaderKeepingHttpClient build() {
        return new HeaderKeepingHttpClient(this);
    }
}
