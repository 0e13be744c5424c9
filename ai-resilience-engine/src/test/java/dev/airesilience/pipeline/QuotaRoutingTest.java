package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.NoTargetAvailableException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.quota.QuotaRemaining;
import dev.airesilience.quota.Usage;
import dev.airesilience.ratelimit.QuotaStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.routing.TargetFunction;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A route's targets' quotas (issue 15: requests and tokens per minute), in virtual time through both drivers: a call
 * reserves its estimate before it goes, waits or moves on rather than meet a 429, and is reconciled with the usage
 * and the rate-limit headers its response reports.
 */
class QuotaRoutingTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final SplittableRandom random = new SplittableRandom(7);
    private final Listeners listeners = new Listeners(List.of());
    private final CallEngine engine = new CallEngine(clock, clock, clock, random, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final Operation op = PipelineFixtures.everyStage("chat", clock, random, breakers);
    private final Map<String, Operation> targetOps = new ConcurrentHashMap<>();
    private final Function<String, Operation> targets =
            name -> targetOps.computeIfAbsent(name, n -> PipelineFixtures.target(n, clock, random, breakers));
    private final List<String> requests = new ArrayList<>();
    /** What each answer reports it used; null: nothing. */
    private Usage reported;

    private final TargetFunction<String> provider = call -> {
        requests.add(call.name() + "@" + clock.elapsed().toSeconds() + "s");
        if (reported != null) {
            call.reportUsage(reported);
        }
        return "answer from " + call.name();
    };

    /** One attempt per call; a budget of {@code budget}. */
    private static ResilienceConfig budget(Duration budget) {
        return ResilienceConfig.builder().retry(RetryConfig.builder().maxAttempts(1).maxDelay(budget).jitter(false)
                .build()).build();
    }

    private String call(Driver driver, RoutingConfig routing, long tokens, Duration budget) {
        if (driver == Driver.BLOCKING) {
            return engine.executeRouted(op, budget(budget), routing, targets, tokens, provider, null, null);
        }
        try {
            return engine.<String>executeRoutedAsync(op, budget(budget), routing, targets, tokens,
                    call -> CompletableFuture.completedFuture(null).thenApply(ignored -> {
                        try {
                            return provider.call(call);
                        } catch (Exception e) {
                            throw new CompletionException(e);
                        }
                    }), null, null, null).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private static RoutingConfig tokensPerMinute(long tokens) {
        return RoutingConfig.builder().target("primary", QuotaConfig.tokensPerMinute(tokens)).build();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aCallWaitsForItsTokensInsteadOfMeetingA429(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        for (int i = 0; i < 3; i++) {
            call(driver, routing, 300, Duration.ofSeconds(60));
        }
        assertThat(clock.elapsed()).isZero();

        call(driver, routing, 300, Duration.ofSeconds(60));

        // 100 tokens left, 200 more needed at 1000 per minute: 12 s.
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(12));
        assertThat(requests).containsExactly("primary@0s", "primary@0s", "primary@0s", "primary@12s");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theReportedUsageGivesBackWhatTheEstimateReservedTooMuch(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        reported = Usage.tokens(100);
        for (int i = 0; i < 8; i++) {
            call(driver, routing, 300, Duration.ofSeconds(60));
        }

        // Without the reports the fourth call would have waited; with them 800 of 1000 tokens are used.
        assertThat(clock.elapsed()).isZero();
        assertThat(quotaOf("primary").tokens()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aResponseThatUsedMoreThanItsEstimateLeavesADebtLaterCallsWaitFor(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        reported = Usage.tokens(1300);
        call(driver, routing, 300, Duration.ofSeconds(60));
        reported = null;

        call(driver, routing, 300, Duration.ofSeconds(60));

        // -300 after the first call, +300 needed: 600 tokens at 1000 per minute.
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(36));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theProvidersRateLimitHeadersSetWhatIsLeft(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        reported = Usage.headers(Map.of("x-ratelimit-remaining-tokens", List.of("0"),
                "x-ratelimit-reset-tokens", List.of("1m0s")));
        call(driver, routing, 100, Duration.ofSeconds(60));
        reported = null;

        call(driver, routing, 100, Duration.ofSeconds(60));

        assertThat(clock.elapsed()).as("100 tokens at 1000 per minute, from none left").isEqualTo(Duration.ofSeconds(6));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aResetLaterThanTheQuotasOwnRefillHoldsCallsBackUntilTheProviderIsFullAgain(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        // A reset consistent with 1,000 tokens a minute: 500 left, full in 30 s.
        reported = Usage.headers(Map.of("x-ratelimit-remaining-tokens", List.of("500"),
                "x-ratelimit-reset-tokens", List.of("30s")));
        call(driver, routing, 100, Duration.ofSeconds(400));
        assertThat(quotaOf("primary").tokens()).isEqualTo(500);

        // A six-minute window: 500 left, but full only in 6 min; the bucket is set to be full exactly then.
        reported = Usage.headers(Map.of("x-ratelimit-remaining-tokens", List.of("500"),
                "x-ratelimit-reset-tokens", List.of("6m0s")));
        call(driver, routing, 100, Duration.ofSeconds(400));
        reported = null;
        call(driver, routing, 100, Duration.ofSeconds(400));

        // 1,000 - 6 x 1,000 = -5,000 tokens, and 100 needed: 5,100 tokens at 1,000 a minute.
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(306));
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTargetWithoutRoomWithinTheBudgetPassesTheCallToTheNextTarget(Driver driver) {
        RoutingConfig routing = RoutingConfig.builder()
                .target("primary", QuotaConfig.tokensPerMinute(1000).withRequestsPerMinute(2))
                .target("secondary").build();
        call(driver, routing, 100, Duration.ofSeconds(60));
        call(driver, routing, 100, Duration.ofSeconds(60));

        assertThat(call(driver, routing, 100, Duration.ofSeconds(60))).isEqualTo("answer from secondary");

        assertThat(requests).containsExactly("primary@0s", "primary@0s", "secondary@0s");
        assertThat(quotaOf("primary").requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenNoQuotaHasRoomWithinTheBudgetTheCallFailsAtOnceSayingWhen(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        call(driver, routing, 900, Duration.ofSeconds(5));

        assertThatThrownBy(() -> call(driver, routing, 900, Duration.ofSeconds(5)))
                .isInstanceOf(NoTargetAvailableException.class)
                .satisfies(e -> assertThat(((RateLimitException) e).retryAfter()).contains(Duration.ofSeconds(48)));

        assertThat(requests).hasSize(1);
        assertThat(clock.elapsed()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aCallThatFoundNoTargetDoesNotHoldTheRoutedOperationLikeAProviders429(Driver driver) {
        RoutingConfig routing = tokensPerMinute(1000);
        call(driver, routing, 900, Duration.ofSeconds(5));
        assertThatThrownBy(() -> call(driver, routing, 900, Duration.ofSeconds(5)))
                .isInstanceOf(NoTargetAvailableException.class);

        // Our own quota said "48 s", for 900 tokens: the next call of 50 has room now. Had the routed operation cooled
        // down for 48 s (and, with shared state, told every instance), it would fail here without a request.
        assertThat(call(driver, routing, 50, Duration.ofSeconds(5))).isEqualTo("answer from primary");
        assertThat(requests).containsExactly("primary@0s", "primary@0s");
    }

    @Test
    void aQuotaIsCheckedWhenBuiltNamingTheFieldTheRangeAndTheValue() {
        assertThatThrownBy(() -> QuotaConfig.tokensPerMinute(-1)).hasMessage("QuotaConfig.tokensPerMinute must be "
                + "between 0 and 10000000000 (inclusive; 0: no limit), but was -1");
        assertThatThrownBy(() -> QuotaConfig.requestsPerMinute(10_000_001)).hasMessage("QuotaConfig.requestsPerMinute "
                + "must be between 0 and 10000000 (inclusive; 0: no limit), but was 10000001");
    }

    private QuotaRemaining quotaOf(String target) {
        return targets.apply("target:" + target).pipeline().find(QuotaStage.class).remaining();
    }
}
