package dev.airesilience.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void openAiHeadersGiveWhatIsLeftAndGoDurationsUntilFull() {
        Map<String, List<String>> headers = Map.of(
                "X-RateLimit-Remaining-Requests", List.of("59"),
                "x-ratelimit-remaining-tokens", List.of("149984"),
                "x-ratelimit-reset-requests", List.of("1s"),
                "x-ratelimit-reset-tokens", List.of("6m0s"));

        RateLimitHeaders.Limits limits = RateLimitHeaders.parse(headers, NOW).orElseThrow();

        assertThat(limits).isEqualTo(new RateLimitHeaders.Limits(59, 149984, Duration.ofSeconds(1),
                Duration.ofMinutes(6)));
    }

    @Test
    void anthropicHeadersGiveWhatIsLeftAndTheTimeUntilTheirResetInstant() {
        Map<String, List<String>> headers = Map.of(
                "anthropic-ratelimit-requests-remaining", List.of("49"),
                "anthropic-ratelimit-requests-reset", List.of("2026-11-26T12:00:30Z"),
                "anthropic-ratelimit-input-tokens-remaining", List.of("30000"),
                "anthropic-ratelimit-input-tokens-reset", List.of("2026-11-26T12:01:00Z"));

        RateLimitHeaders.Limits limits = RateLimitHeaders.parse(headers, NOW).orElseThrow();

        assertThat(limits).isEqualTo(new RateLimitHeaders.Limits(49, 30000, Duration.ofSeconds(30),
                Duration.ofMinutes(1)));
    }

    @Test
    void anthropicsMostRestrictiveTokenLimitWinsOverItsInputTokens() {
        Map<String, List<String>> headers = Map.of(
                "anthropic-ratelimit-tokens-remaining", List.of("1000"),
                "anthropic-ratelimit-input-tokens-remaining", List.of("30000"));

        assertThat(RateLimitHeaders.parse(headers, NOW).orElseThrow().tokensRemaining()).isEqualTo(1000);
    }

    @Test
    void goDurationsOfEveryUnitAndMalformedValues() {
        assertThat(RateLimitHeaders.goDuration("23h47m36.648s")).isEqualTo(Duration.ofHours(23).plusMinutes(47)
                .plusMillis(36_648));
        assertThat(RateLimitHeaders.goDuration("12ms")).isEqualTo(Duration.ofMillis(12));
        assertThat(RateLimitHeaders.goDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RateLimitHeaders.goDuration("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(RateLimitHeaders.goDuration("0s")).isZero();
        assertThat(RateLimitHeaders.goDuration("6m0")).isNull();
        assertThat(RateLimitHeaders.goDuration("soon")).isNull();
        assertThat(RateLimitHeaders.goDuration("")).isNull();
    }

    @Test
    void headersWithoutLimitsOrWithMalformedNumbersSayNothing() {
        assertThat(RateLimitHeaders.parse(Map.of("content-type", List.of("application/json")), NOW)).isEmpty();
        assertThat(RateLimitHeaders.parse(Map.of("x-ratelimit-remaining-tokens", List.of("many")), NOW)).isEmpty();
        assertThat(RateLimitHeaders.parse(Map.of(), NOW)).isEmpty();
    }
}
