package dev.airesilience.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.health.CircuitState;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Retry-After beyond what {@code Duration.toNanos()} can hold (about 292 years) reaches the engine through the public
 * {@link RateLimitException} constructor or a custom classifier: the call still ends with its fallback and is counted,
 * and a half-open trial that gets it gives its slot back (issue 10, item 3).
 */
class HugeRetryAfterTest {

    private static final Duration CENTURIES = Duration.ofSeconds(Long.MAX_VALUE);

    private final ManualClock clock = ManualClock.autoAdvancing();
    private AIServiceResilience resilience = Orchestrators.virtual(clock);

    @AfterEach
    void close() {
        resilience.close();
    }

    private String callWithFallback(CallPath path, ResilienceConfig config, ScriptedCall<String> provider) {
        return path.run(resilience.<String>withResilience("op", null, config, null)
                .withFallback(context -> "fallback:" + context.reason()), provider);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aCenturiesLongRetryAfterEndsInTheFallbackAndIsCounted(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new RateLimitException("429", CENTURIES)).thenReturn("ok");

        String answer = callWithFallback(path, Orchestrators.config(3, 5), provider);

        assertThat(answer).isEqualTo("fallback:" + FallbackReason.RETRIES_EXHAUSTED);
        assertThat(provider.invocations()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").totalCalls()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").fallbackCalls()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aCustomClassifierSayingCenturiesIsCappedLikeAProviderHeader(CallPath path) {
        FailureClassifier hostile = failure -> Classification.rateLimited(CENTURIES);
        resilience.close();
        resilience = AIServiceResilience.builder().clock(clock).random(new Random(1)).classifier(hostile).build();
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new IllegalStateException("429")).thenReturn("ok");

        assertThat(callWithFallback(path, Orchestrators.config(3, 5), provider)).startsWith("fallback:");
        assertThat(resilience.getMetrics("op").totalCalls()).isEqualTo(1);

        clock.advance(Duration.ofHours(24).plusSeconds(1));
        assertThat(callWithFallback(path, Orchestrators.config(3, 5), provider))
                .as("the cooldown ends after the 24 h cap").isEqualTo("ok");
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aHalfOpenTrialAnsweredWithACenturiesLongRetryAfterDoesNotLockTheOperationOut(CallPath path) {
        ResilienceConfig config = Orchestrators.config(1, 1);
        callWithFallback(path, config, ScriptedCall.<String>failing().thenAlwaysThrow(new TransientAIException("down")));
        clock.advance(Duration.ofSeconds(31));

        callWithFallback(path, config, ScriptedCall.<String>failing(new RateLimitException("429", CENTURIES)));

        assertThat(resilience.getCircuitBreaker("op").orElseThrow().state()).isNotEqualTo(CircuitState.HALF_OPEN);
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        ScriptedCall<String> recovered = ScriptedCall.<String>failing().thenReturn("ok");
        assertThat(callWithFallback(path, config, recovered)).isEqualTo("ok");
        assertThat(recovered.invocations()).isEqualTo(1);
    }
}
