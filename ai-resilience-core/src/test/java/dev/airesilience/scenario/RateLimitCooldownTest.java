package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A provider's Retry-After holds every caller of the operation, so nobody wastes a call on a certain 429. */
class RateLimitCooldownTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @Test
    void aNewCallWaitsOutTheSharedCooldownWhenItFitsItsBudget() {
        ScriptedCall<String> limited = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofSeconds(20)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(limited))
                .isInstanceOf(RateLimitException.class);

        ScriptedCall<String> next = ScriptedCall.<String>failing().thenReturn("ok");
        assertThat(resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(next)).isEqualTo("ok");
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(20));
        assertThat(next.invocations()).isEqualTo(1);
    }

    /** The cooldown is observable where an open breaker is (the dashboard shows it with a countdown). */
    @Test
    void theCooldownIsReportedUntilItEnds() {
        assertThat(resilience.getCooldownUntil("chat")).as("unknown operation").isEmpty();
        clock.advance(Duration.ofDays(1)); // a monotonic clock far from zero, as System.nanoTime() usually is
        assertThat(resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(() -> "ok"))
                .isEqualTo("ok");
        assertThat(resilience.getCooldownUntil("chat")).as("known operation, never rate limited").isEmpty();
        java.time.Instant start = clock.now();
        ScriptedCall<String> limited = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofSeconds(90)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(limited))
                .isInstanceOf(RateLimitException.class);
        assertThat(resilience.getCooldownUntil("chat")).hasValue(start.plusSeconds(90));
        clock.advance(Duration.ofSeconds(89));
        assertThat(resilience.getCooldownUntil("chat")).hasValue(start.plusSeconds(90));
        clock.advance(Duration.ofSeconds(1));
        assertThat(resilience.getCooldownUntil("chat")).isEmpty();
    }

    @Test
    void aCallWhoseBudgetIsShorterThanTheCooldownIsAnsweredAtOnceWithoutCallingTheProvider() {
        ScriptedCall<String> limited = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofSeconds(90)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(limited))
                .isInstanceOf(RateLimitException.class);

        ResilienceConfig shortBudget = Orchestrators.config(3, 5).toBuilder()
                .retry(RetryConfig.builder().maxDelay(Duration.ofSeconds(30)).build()).build();
        ScriptedCall<String> next = ScriptedCall.<String>failing().thenReturn("never called");
        RateLimitException rejection = catchRateLimit(() ->
                resilience.<String>withResilience("chat", null, shortBudget, null).call(next));
        assertThat(rejection.retryAfter()).hasValue(Duration.ofSeconds(90));
        assertThat(rejection).hasMessageContaining("cooling down");
        assertThat(next.invocations()).isZero();

        AtomicReference<FallbackReason> reason = new AtomicReference<>();
        String answer = resilience.<String>withResilience("chat", null, shortBudget, context -> {
            reason.set(context.reason());
            return "degraded";
        }).call(next);
        assertThat(answer).isEqualTo("degraded");
        assertThat(reason.get()).isEqualTo(FallbackReason.RATE_LIMITED);
        assertThat(next.invocations()).isZero();
        assertThat(resilience.getMetrics("chat").rejectedCalls()).isEqualTo(2);
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void theCooldownIsPerOperation() {
        ScriptedCall<String> limited = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofSeconds(90)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(limited))
                .isInstanceOf(RateLimitException.class);
        assertThat(resilience.<String>withResilience("embed", null, Orchestrators.config(1, 5), Fallback.value("fb"))
                .call(() -> "embedded")).isEqualTo("embedded");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void theCooldownEndsAtRetryAfter() {
        ScriptedCall<String> limited = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofSeconds(90)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(limited))
                .isInstanceOf(RateLimitException.class);
        clock.advance(Duration.ofSeconds(90));
        assertThat(resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(() -> "ok"))
                .isEqualTo("ok");
        assertThat(clock.sleeps()).isEmpty();
    }

    @Test
    void aManualBreakerResetAlsoEndsTheCooldown() {
        ScriptedCall<String> hostile = ScriptedCall.<String>failing().thenAlwaysThrow(
                new RateLimitException("429", Duration.ofHours(24)));
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(hostile))
                .isInstanceOf(RateLimitException.class);
        assertThatThrownBy(() -> resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null)
                .call(() -> "ok")).isInstanceOf(RateLimitException.class).hasMessageContaining("cooling down");
        assertThat(resilience.resetCircuitBreaker("chat")).isTrue();
        assertThat(resilience.<String>withResilience("chat", null, Orchestrators.config(1, 5), null).call(() -> "ok"))
                .isEqualTo("ok");
    }

    private static RateLimitException catchRateLimit(Runnable runnable) {
        try {
            runnable.run();
        } catch (RateLimitException e) {
            return e;
        }
        throw new AssertionError("expected a rate-limit rejection");
    }
}
