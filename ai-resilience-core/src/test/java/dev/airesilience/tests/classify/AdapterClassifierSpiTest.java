package dev.airesilience.tests.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.classify.*;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.tests.classify.VendorClassifierProvider.VendorException;
import dev.airesilience.time.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The classifier SPI: adapters found with ServiceLoader, asked along the cause chain, before the built-in rules. */
class AdapterClassifierSpiTest {

    private static final Map<String, List<String>> NO_HEADERS = Map.of();

    @Test
    void defaultsDiscoverTheRegisteredAdapterOnce() {
        assertThat(DefaultFailureClassifier.discoveredAdapters()).hasSize(1);
        assertThat(DefaultFailureClassifier.discoveredAdapters().get(0))
                .isSameAs(DefaultFailureClassifier.discoveredAdapters().get(0));

        Classification verdict = FailureClassifier.defaults()
                .classify(new VendorException(429, Map.of("Retry-After", List.of("2")), "slow down"));
        assertThat(verdict).isEqualTo(new Classification(FailureKind.RATE_LIMITED, Duration.ofSeconds(2), 429, null));
    }

    @Test
    void theCauseChainIsWalkedOutermostFirst() {
        VendorException unauthorized = new VendorException(401, NO_HEADERS, "bad key");
        assertThat(FailureClassifier.defaults().classify(new RuntimeException("wrapped", new CompletionException(unauthorized))))
                .isEqualTo(new Classification(FailureKind.PERMANENT, null, 401, null));
    }

    @Test
    void ourOwnExceptionsStopTheWalk() {
        // A PermanentAIException is our own verdict: an adapter never overrides it with its cause's status.
        PermanentAIException ours = new PermanentAIException("decided", new VendorException(503, NO_HEADERS, "busy"));
        assertThat(FailureClassifier.defaults().classify(ours)).isEqualTo(Classification.PERMANENT);
    }

    @Test
    void unknownFailuresFallThroughToTheBuiltInRules() {
        assertThat(FailureClassifier.defaults().classify(new IOException("reset"))).isEqualTo(Classification.TRANSIENT);
        assertThat(DefaultFailureClassifier.treatingUnknownAs(FailureKind.PERMANENT).classify(new RuntimeException("?")))
                .isEqualTo(Classification.PERMANENT);
    }

    @Test
    void explicitAdaptersReplaceTheDiscoveredOnes() {
        DefaultFailureClassifier none = DefaultFailureClassifier.treatingUnknownAs(FailureKind.TRANSIENT).withAdapters(List.of());
        assertThat(none.classify(new VendorException(401, NO_HEADERS, "bad key"))).isEqualTo(Classification.TRANSIENT);

        FailureClassifier everythingIsAuth = failure -> new Classification(FailureKind.PERMANENT, null, 401, null);
        assertThat(none.withAdapters(List.of(everythingIsAuth)).classify(new IOException("x")).statusCode()).isEqualTo(401);
    }

    @Test
    void aBrokenAdapterIsSkipped() {
        FailureClassifier broken = failure -> {
            throw new NoClassDefFoundError("com/vendor/Missing");
        };
        FailureClassifier knowsIo = failure -> failure instanceof IOException ? Classification.PERMANENT : null;
        DefaultFailureClassifier classifier = DefaultFailureClassifier.treatingUnknownAs(FailureKind.TRANSIENT)
                .withAdapters(List.of(broken, knowsIo));
        assertThat(classifier.classify(new IOException("x"))).isEqualTo(Classification.PERMANENT);
        assertThat(classifier.classify(new IOException("again"))).isEqualTo(Classification.PERMANENT);
    }

    @Test
    void aCycleInTheCauseChainEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(FailureClassifier.defaults().classify(a)).isEqualTo(Classification.TRANSIENT);
    }

    @Test
    void theOrchestratorUsesTheAdaptersByDefaultAndKeepsTheStatus() {
        ManualClock clock = new ManualClock();
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).build()) {
            ResilienceConfig config = ResilienceConfig.builder()
                    .retry(RetryConfig.builder().maxAttempts(3).exponentialMultiplier(Duration.ofMillis(500)).exponentialMin(Duration.ofMillis(500))
                            .exponentialMax(Duration.ofSeconds(5)).jitter(false).build())
                    .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).build())
                    .build();
            AtomicInteger requests = new AtomicInteger();

            String answer = resilience.<String>withResilience("vendor", null, config, null).call(() -> {
                if (requests.incrementAndGet() == 1) {
                    throw new VendorException(429, Map.of("retry-after", List.of("2")), "rate limited");
                }
                return "ok";
            });
            assertThat(answer).isEqualTo("ok");
            assertThat(requests).hasValue(2);
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));

            requests.set(0);
            assertThatThrownBy(() -> resilience.withResilience("vendor", null, config, null).call(() -> {
                requests.incrementAndGet();
                throw new VendorException(400, NO_HEADERS, "{\"error\":{\"code\":\"context_length_exceeded\"}}");
            }))
                    .isInstanceOf(PermanentAIException.class)
                    .satisfies(e -> assertThat(((PermanentAIException) e).context())
                            .containsEntry("reason", "context_length_exceeded")
                            .containsEntry("exception", VendorException.class.getName()))
                    .satisfies(e -> assertThat(((PermanentAIException) e).statusCode()).isEqualTo(400));
            assertThat(requests).hasValue(1);

            requests.set(0);
            assertThatThrownBy(() -> resilience.withResilience("vendor", null, config, null).call(() -> {
                requests.incrementAndGet();
                throw new VendorException(429, NO_HEADERS, "rate limited");
            })).isInstanceOf(RateLimitException.class)
                    .satisfies(e -> assertThat(((RateLimitException) e).statusCode()).isEqualTo(429));
            assertThat(requests).hasValue(3);
            assertThat(resilience.getCircuitBreaker("vendor").orElseThrow().state().name()).isEqualTo("CLOSED");

            assertThatThrownBy(() -> resilience.withResilience("vendor", null, config, null).call(() -> {
                throw new VendorException(503, NO_HEADERS, "busy");
            })).isInstanceOf(TransientAIException.class)
                    .satisfies(e -> assertThat(((TransientAIException) e).statusCode()).isEqualTo(503));
            assertThat(resilience.getCircuitBreaker("vendor").orElseThrow().state().name()).isEqualTo("OPEN");
        }
    }

    @Test
    void httpClassificationFollowsTheStatusRulesAndKeepsReasons() {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        assertThat(HttpClassification.of(429, Map.of("retry-after-ms", List.of("1500")), "", now))
                .isEqualTo(new Classification(FailureKind.RATE_LIMITED, Duration.ofMillis(1500), 429, null));
        assertThat(HttpClassification.of(429, Map.of("Retry-After", List.of("Sun, 22 Nov 2026 12:00:07 GMT")), "", now).retryAfter())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(HttpClassification.of(429, NO_HEADERS, "{\"code\":\"insufficient_quota\"}", now))
                .isEqualTo(new Classification(FailureKind.PERMANENT, null, 429, Classification.INSUFFICIENT_QUOTA));
        assertThat(HttpClassification.of(529, NO_HEADERS, "overloaded_error", now).kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpClassification.of(409, NO_HEADERS, "", now).kind()).isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpClassification.of(408, NO_HEADERS, "", now).kind()).isEqualTo(FailureKind.TRANSIENT);
        for (int status : new int[] {400, 401, 403, 404, 422}) {
            assertThat(HttpClassification.of(status, NO_HEADERS, "", now))
                    .isEqualTo(new Classification(FailureKind.PERMANENT, null, status, null));
        }
        assertThat(HttpClassification.of(503, Map.of("x-should-retry", List.of("false")), "", now).kind())
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(HttpClassification.of(400, Map.of("x-should-retry", List.of("true")), "", now).kind())
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(HttpClassification.of(400, NO_HEADERS, "prompt is too long: 210000 tokens > 200000 maximum", now).reason())
                .isEqualTo(Classification.CONTEXT_LENGTH_EXCEEDED);
        assertThat(HttpClassification.of(400, NO_HEADERS, "{\"code\":\"content_filter\"}", now))
                .isEqualTo(new Classification(FailureKind.PERMANENT, null, 400, Classification.CONTENT_FILTERED));
        // a refusal stays permanent even if a server asks for a retry
        assertThat(HttpClassification.of(400, Map.of("x-should-retry", List.of("true")), "content_policy_violation", now).kind())
                .isEqualTo(FailureKind.PERMANENT);
    }
}
