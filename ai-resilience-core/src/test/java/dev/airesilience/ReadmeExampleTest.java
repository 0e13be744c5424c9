package dev.airesilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.AIExceptions;
import dev.airesilience.time.ManualClock;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keeps the README's example compiling and true. Between the region markers it matches README.md line for line. */
class ReadmeExampleTest {

    interface LlmClient {
        HttpResponse<String> post(String prompt);
    }

    static String example(AIServiceResilience resilience, LlmClient llm, String text) {
        // region readme-example
        ResilienceDecorator<String> summarize = resilience.withResilience(
                "summarize",                                  // one breaker, one set of metrics per operation
                ResilienceStrategy.BALANCED,                  // 3 attempts, 2 s backoff + jitter, 30 s budget
                null,                                         // or a custom ResilienceConfig
                context -> "Summary unavailable right now");  // fallback: retries exhausted or circuit open

        String summary = summarize.call(() -> {
            HttpResponse<String> response = llm.post("Summarize: " + text);
            if (response.statusCode() != 200) {               // 429 + Retry-After, 503, 529, 400 ...
                throw AIExceptions.fromHttpResponse(response.statusCode(),
                        response.headers(), response.body(), Instant.now());
            }
            return response.body();
        });

        System.out.println(resilience.getMetrics("summarize"));    // calls, retries, rates, latency
        System.out.println(resilience.getHealthStatus().healthy()); // false while a circuit is open
        // endregion readme-example
        return summary;
    }

    @Test
    void theReadmeShowsExactlyTheCompiledExample() throws Exception {
        String source = java.nio.file.Files.readString(java.nio.file.Path.of("src/test/java/dev/airesilience/ReadmeExampleTest.java"));
        String region = source.substring(source.indexOf("// region readme-example") + "// region readme-example".length(),
                source.indexOf("// endregion readme-example"));
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("../README.md"));
        for (String line : region.strip().split("\n")) {
            assertThat(readme).contains(line.strip());
        }
    }

    @Test
    void theReadmeExampleAnswersWithTheFallbackWhenTheProviderIsDown() {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build();
        LlmClient down = prompt -> FakeResponse.of(503, "{\"error\":\"overloaded\"}");
        assertThat(example(resilience, down, "text")).isEqualTo("Summary unavailable right now");
        assertThat(resilience.getMetrics("summarize").attempts()).isEqualTo(3);
        LlmClient up = prompt -> FakeResponse.of(200, "a summary");
        assertThat(example(resilience, up, "text")).isEqualTo("a summary");
    }

    /** The README shows the real HttpClient types; this is the smallest response that satisfies them. */
    private record FakeResponse(int statusCode, String body) implements HttpResponse<String> {
        static FakeResponse of(int status, String body) {
            return new FakeResponse(status, body);
        }

        @Override
        public java.net.http.HttpRequest request() {
            return java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1/")).build();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(Map.of("content-type", List.of("application/json")), (a, b) -> true);
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.URI uri() {
            return request().uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return java.net.http.HttpClient.Version.HTTP_1_1;
        }
    }
}
