package dev.airesilience.tests.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.classify.*;
import dev.airesilience.exception.AIExceptions;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClassificationTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final FailureClassifier classifier = FailureClassifier.defaults();

    @Test
    void networkFailuresAndTimeoutsAreTransient() {
        assertThat(kind(new ConnectException("refused"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new SocketTimeoutException("read"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new HttpTimeoutException("request timed out"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new IOException("reset"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new TimeoutException())).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new ServiceUnavailableException("503"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new AIServiceException("plain"))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void programmingErrorsAuthFailuresAndPermanentAIExceptionsArePermanent() {
        assertThat(kind(new IllegalArgumentException())).isEqualTo(FailureKind.PERMANENT);
        assertThat(kind(new ClassCastException())).isEqualTo(FailureKind.PERMANENT);
        assertThat(kind(new SecurityException("401"))).isEqualTo(FailureKind.PERMANENT);
        assertThat(kind(new PermanentAIException("400"))).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void subclassesFollowTheirParent() {
        class Overloaded extends ServiceUnavailableException {
            private static final long serialVersionUID = 1L;

            Overloaded() {
                super("529");
            }
        }
        class ContextTooLong extends PermanentAIException {
            private static final long serialVersionUID = 1L;

            ContextTooLong() {
                super("context length exceeded");
            }
        }
        assertThat(kind(new Overloaded())).isEqualTo(FailureKind.TRANSIENT);
        assertThat(kind(new ContextTooLong())).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void rateLimitsCarryTheirRetryAfterAndWrappersAreUnwrapped() {
        Classification classification = classifier.classify(
                new CompletionException(new RateLimitException("429", Duration.ofSeconds(3))));
        assertThat(classification.kind()).isEqualTo(FailureKind.RATE_LIMITED);
        assertThat(classification.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void unknownExceptionsAreTransientByDefaultAndConfigurable() {
        assertThat(kind(new RuntimeException("?"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(DefaultFailureClassifier.treatingUnknownAs(FailureKind.PERMANENT)
                .classify(new RuntimeException("?")).kind()).isEqualTo(FailureKind.PERMANENT);
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 409, 500, 502, 504, 520})
    void transientStatusesBecomeTransientExceptions(int status) {
        AIServiceException e = AIExceptions.fromHttpResponse(status, Map.of(), "", NOW);
        assertThat(e).isInstanceOf(TransientAIException.class);
        assertThat(e.statusCode()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {503, 529})
    void unavailableAndOverloadedBecomeServiceUnavailable(int status) {
        assertThat(AIExceptions.fromHttpResponse(status, Map.of(), "{\"type\":\"overloaded_error\"}", NOW))
                .isInstanceOf(ServiceUnavailableException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 422, 501, 505})
    void otherStatusesArePermanent(int status) {
        assertThat(AIExceptions.fromHttpResponse(status, Map.of(), "nope", NOW)).isInstanceOf(PermanentAIException.class);
    }

    @Test
    void a429WithRetryAfterSecondsIsARateLimit() {
        AIServiceException e = AIExceptions.fromHttpResponse(429, Map.of("Retry-After", List.of("12")), "", NOW);
        assertThat(e).isInstanceOf(RateLimitException.class);
        assertThat(((RateLimitException) e).retryAfter()).hasValue(Duration.ofSeconds(12));
    }

    @Test
    void retryAfterMsWinsAndHttpDatesAreUnderstood() {
        assertThat(AIExceptions.retryAfter(Map.of("retry-after-ms", List.of("1500"), "retry-after", List.of("9")), NOW))
                .hasValue(Duration.ofMillis(1500));
        assertThat(AIExceptions.retryAfter(Map.of("Retry-After", List.of("Sun, 22 Nov 2026 12:00:30 GMT")), NOW))
                .hasValue(Duration.ofSeconds(30));
        assertThat(AIExceptions.retryAfter(Map.of("Retry-After", List.of("Sun, 22 Nov 2026 11:00:00 GMT")), NOW))
                .hasValue(Duration.ZERO);
    }

    @Test
    void hostileRetryAfterValuesAreIgnoredOrCapped() {
        assertThat(AIExceptions.parseRetryAfter("-5", NOW)).isEmpty();
        assertThat(AIExceptions.parseRetryAfter("NaN", NOW)).isEmpty();
        assertThat(AIExceptions.parseRetryAfter("12; rm -rf /", NOW)).isEmpty();
        assertThat(AIExceptions.parseRetryAfter("99999999999999999999", NOW)).hasValue(AIExceptions.MAX_RETRY_AFTER);
        assertThat(AIExceptions.parseRetryAfter("1e308", NOW)).hasValue(AIExceptions.MAX_RETRY_AFTER);
    }

    @Test
    void anExhaustedQuotaIsPermanentBecauseNoWaitFixesIt() {
        String body = "{\"error\":{\"type\":\"insufficient_quota\",\"message\":\"You exceeded your current quota\"}}";
        assertThat(AIExceptions.fromHttpResponse(429, Map.of("retry-after", List.of("1")), body, NOW))
                .isInstanceOf(PermanentAIException.class)
                .isNotInstanceOf(TransientAIException.class);
    }

    @Test
    void xShouldRetryOverridesTheStatusRule() {
        assertThat(AIExceptions.fromHttpResponse(400, Map.of("x-should-retry", List.of("true")), "", NOW))
                .isInstanceOf(TransientAIException.class);
        assertThat(AIExceptions.fromHttpResponse(503, Map.of("X-Should-Retry", List.of("false")), "", NOW))
                .isInstanceOf(PermanentAIException.class);
    }

    @Test
    void longBodiesAreAbbreviatedInTheMessage() {
        AIServiceException e = AIExceptions.fromHttpResponse(500, Map.of(), "x".repeat(10_000), NOW);
        assertThat(e.getMessage()).hasSizeLessThan(400).endsWith("...");
    }

    private FailureKind kind(Throwable t) {
        return classifier.classify(t).kind();
    }
}
