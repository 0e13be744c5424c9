package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Text requests in progress hold no thread, so a bound on how many are in progress is what protects the service:
 * beyond it the answer is a clean 503 with {@code Retry-After}, not a 500 and not an ever-growing backlog. Here the
 * bound is two (the service ships with 10,000), so of three calls to a slow provider, one is refused. Virtual
 * threads are off and the task executor has one thread: text requests need none of its threads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + OverloadTest.KEY, "spring.threads.virtual.enabled=false",
        "spring.task.execution.pool.core-size=1", "spring.task.execution.pool.max-size=1",
        "spring.task.execution.pool.queue-capacity=1", "airesilience.server.max-concurrent-calls=2"})
@Import(FastResilience.class)
class OverloadTest {

    static final String KEY = "overload-key-8Yu1";

    @LocalServerPort
    int port;

    @Test
    void textRequestsBeyondTheBoundAnswer503WithRetryAfter() {
        Api api = new Api(port, KEY);
        assertThat(api.put("/internal/chaos", Map.of("reset", true, "latency_ms", 2_000)).status()).isEqualTo(200);
        HttpClient http = HttpClient.newHttpClient();
        try {
            List<HttpResponse<String>> replies = IntStream.range(0, 3).mapToObj(i -> http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/text/process"))
                            .header("Content-Type", "application/json").header("X-API-Key", KEY)
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"operation\":\"sentiment\",\"text\":\"Call " + i + " waits.\"}")).build(),
                    HttpResponse.BodyHandlers.ofString())).toList().stream().map(CompletableFuture::join).toList();

            List<HttpResponse<String>> refused = replies.stream().filter(reply -> reply.statusCode() == 503).toList();
            assertThat(replies).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 200, 503);
            assertThat(refused.get(0).headers().firstValue("Retry-After")).hasValue("1");
            assertThat(Api.JSON.readTree(refused.get(0).body()).path("error_code").asString())
                    .isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            api.put("/internal/chaos", Map.of("reset", true));
        }
    }
}
