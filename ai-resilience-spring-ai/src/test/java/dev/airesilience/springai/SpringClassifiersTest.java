package dev.airesilience.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.ScriptedProvider;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.adapter.testkit.Scenarios;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** Spring's HTTP exceptions (from the real RestClient and WebClient) and spring-ai-retry's, as the default classifier sees them. */
class SpringClassifiersTest {

    private static ScriptedProvider provider;
    private final FailureClassifier classifier = FailureClassifier.defaults();

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void restClientErrorsCarryStatusAndRetryAfter() {
        provider.reset();
        ManualClock clock = new ManualClock();
        RestClient rest = RestClient.builder().baseUrl(provider.baseUrl())
                .requestFactory(new JdkClientHttpRequestFactory()).build();
        try (AIServiceResilience resilience = Scenarios.resilience(clock, "http")) {
            provider.script(Reply.rateLimited("2"));

            String body = resilience.<String>withOperationResilience("http").call(() -> rest.post()
                    .uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).body("{}")
                    .retrieve().body(String.class));

            assertThat(body).contains(ScriptedProvider.ANSWER);
            assertThat(provider.requests()).isEqualTo(2);
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
        }
    }

    @Test
    void webClientErrorsCarryStatusAndRetryAfter() {
        provider.reset();
        provider.script(Reply.rateLimited("3"), Reply.unauthorized());
        WebClient web = WebClient.builder().baseUrl(provider.baseUrl()).clientConnector(new JdkClientHttpConnector()).build();

        Throwable rateLimited = catchFailure(web);
        assertThat(classifier.classify(rateLimited))
                .isEqualTo(new Classification(FailureKind.RATE_LIMITED, Duration.ofSeconds(3), 429, null));
        Throwable unauthorized = catchFailure(web);
        assertThat(classifier.classify(new CompletionException(unauthorized)))
                .isEqualTo(new Classification(FailureKind.PERMANENT, null, 401, null));
    }

    private static Throwable catchFailure(WebClient web) {
        try {
            web.post().uri("/v1/chat/completions").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
            throw new AssertionError("expected an error response");
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void springAiRetryExceptionsAreReadByTheStatusTheirMessageStartsWith() {
        // Spring AI's response handler calls every 4xx non-transient, a 429 included: the status decides here
        assertThat(classifier.classify(new NonTransientAiException("429 TOO_MANY_REQUESTS - {\"error\":\"slow down\"}")))
                .isEqualTo(new Classification(FailureKind.RATE_LIMITED, null, 429, null));
        assertThat(classifier.classify(new NonTransientAiException("401 UNAUTHORIZED - bad key")))
                .isEqualTo(new Classification(FailureKind.PERMANENT, null, 401, null));
        assertThat(classifier.classify(new NonTransientAiException("400 BAD_REQUEST - context_length_exceeded")).reason())
                .isEqualTo(Classification.CONTEXT_LENGTH_EXCEEDED);
        assertThat(classifier.classify(new TransientAiException("503 SERVICE_UNAVAILABLE - down")))
                .isEqualTo(new Classification(FailureKind.TRANSIENT, null, 503, null));
        assertThat(classifier.classify(new TransientAiException("connection reset"))).isEqualTo(Classification.TRANSIENT);
        assertThat(classifier.classify(new NonTransientAiException("no such model"))).isEqualTo(Classification.PERMANENT);
    }
}
