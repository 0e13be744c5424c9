package dev.airesilience.tests.exception;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.*;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's {@code RateLimitError(message, retry_after=60, context)} (issue 13). */
class SeedExceptionDefaultsTest {

    @Test
    void aRateLimitWithoutADelayWaitsTheSeedsSixtySeconds() {
        RateLimitException plain = new RateLimitException("slow down");
        assertThat(plain.retryAfter()).contains(Duration.ofSeconds(60));
        assertThat(plain.context()).containsEntry("retry_after", 60.0);
        assertThat(plain.statusCode()).isEqualTo(429);

        ManualClock clock = ManualClock.autoAdvancing();
        ResilienceConfig patient = Orchestrators.config(2, 5).toBuilder()
                .retry(RetryConfig.builder().maxAttempts(2).maxDelay(Duration.ofSeconds(120)).jitter(false).build()).build();
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ScriptedCall<String> provider = ScriptedCall.<String>failing(new RateLimitException("slow down")).thenReturn("ok");
            assertThat(resilience.<String>withResilience("op", null, patient, null).call(provider)).isEqualTo("ok");
            assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(60));
        }
    }

    @Test
    void contextCarriesExtraDetailsAndKeepsAGivenRetryAfter() {
        RateLimitException detailed = new RateLimitException("quota", Duration.ofSeconds(5),
                Map.of("provider", "openai", "limit", "tokens"));
        assertThat(detailed.context()).containsEntry("provider", "openai").containsEntry("limit", "tokens")
                .containsEntry("retry_after", 5.0);
        assertThat(new RateLimitException("quota", Duration.ofSeconds(5), Map.of("retry_after", 9)).context())
                .containsEntry("retry_after", 9);
        assertThat(new RateLimitException("no header", null).retryAfter()).as("a provider that named no delay").isEmpty();
        assertThat(new TransientAIException("x").context()).isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(dev.airesilience.support.CallPath.class)
    void aForeignNonRetryableErrorKeepsItsMessageUnchanged(dev.airesilience.support.CallPath path) {
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing())) {
            ScriptedCall<String> provider = ScriptedCall.<String>failing(new IllegalArgumentException("prompt must not be empty"));

            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> path.run(resilience.<String>withResilience("op", null, Orchestrators.config(3, 5), null), provider))
                    .isInstanceOf(PermanentAIException.class)
                    .hasMessage("prompt must not be empty")
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .satisfies(e -> assertThat(((AIServiceException) e).context())
                            .containsEntry("exception", "java.lang.IllegalArgumentException"));
            assertThat(provider.invocations()).isEqualTo(1);
        }
    }
}
