package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.exception.NoTargetAvailableException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TargetsFailedException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.ratelimit.CooldownStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.routing.TargetFunction;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Routed calls (issue 15): a pass over the targets per attempt, each target with its own cooldown, breaker and
 * metrics, in virtual time and through both drivers.
 */
class RoutingTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final SplittableRandom random = new SplittableRandom(42);
    private final List<ResilienceEvent> events = new ArrayList<>();
    private final Listeners listeners = PipelineFixtures.recordingInto(events);
    private final CallEngine engine = new CallEngine(clock, clock, clock, random, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final Operation op = PipelineFixtures.everyStage("summarize", clock, random, breakers);
    private final Map<String, Operation> targetOps = new ConcurrentHashMap<>();
    private final Function<String, Operation> targets =
            name -> targetOps.computeIfAbsent(name, n -> PipelineFixtures.target(n, clock, random, breakers));
    /** Requests each target received, in order. */
    private final List<String> requests = new ArrayList<>();
    /** What each target does; a target without an entry answers with its name. */
    private final Map<String, TargetFunction<String>> behaviour = new HashMap<>();

    private final TargetFunction<String> provider = call -> {
        String target = call.name();
        requests.add(target);
        TargetFunction<String> what = behaviour.get(target);
        return what == null ? "answer from " + target : what.call(call);
    };

    /** 3 attempts (passes), 1 s then 2 s backoff without jitter, 60 s budget; each target's breaker opens after 2. */
    private static final ResilienceConfig CONFIG = TestConfigs.config(3, 2);

    private String call(Driver driver, RoutingConfig routing) {
        return call(driver, CONFIG, routing);
    }

    private String call(Driver driver, ResilienceConfig config, RoutingConfig routing) {
        return driver.runRouted(engine, op, config, routing, targets, provider, null);
    }

    private ResilienceMetrics metricsOf(String target) {
        return targets.apply("target:" + target).metrics().snapshot(clock);
    }

    private static TargetFunction<String> overloaded() {
        return target -> {
            throw new ServiceUnavailableException(target.name() + " answered 503", null, 503);
        };
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTransientFailureMovesTheCallToTheNextTargetAtOnce(Driver driver) {
        behaviour.put("primary", overloaded());

        assertThat(call(driver, RoutingConfig.of("primary", "secondary"))).isEqualTo("answer from secondary");

        assertThat(requests).containsExactly("primary", "secondary");
        assertThat(clock.elapsed()).as("no backoff between targets").isZero();
        assertThat(metricsOf("primary").count(CallOutcome.FAILURE.tag(), CallReason.EXHAUSTED.tag())).isEqualTo(1);
        assertThat(metricsOf("secondary").successfulCalls()).isEqualTo(1);
        ResilienceMetrics routed = op.metrics().snapshot(clock);
        assertThat(routed.successfulCalls()).isEqualTo(1);
        assertThat(routed.attempts()).as("one pass").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aPermanentErrorEndsTheCallWithoutTryingTheNextTarget(Driver driver) {
        behaviour.put("primary", target -> {
            throw new PermanentAIException("401 invalid api key", null, 401);
        });

        assertThatThrownBy(() -> call(driver, RoutingConfig.of("primary", "secondary")))
                .isInstanceOf(PermanentAIException.class).hasMessage("401 invalid api key");

        assertThat(requests).containsExactly("primary");
        assertThat(op.metrics().snapshot(clock).count(CallOutcome.FAILURE.tag(), CallReason.PERMANENT.tag()))
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aContextLengthOrContentPolicyErrorGoesToTheTargetConfiguredForIt(Driver driver) {
        RoutingConfig routing = RoutingConfig.builder().target("small").target("secondary")
                .onContextLength("large").onContentPolicy("lenient").build();
        behaviour.put("small", target -> {
            throw new PermanentAIException("This model's maximum context length is 8192 tokens "
                    + "(context_length_exceeded)", null, 400);
        });

        assertThat(call(driver, routing)).isEqualTo("answer from large");
        assertThat(requests).as("straight to the larger model, before the rest of the route")
                .containsExactly("small", "large");

        requests.clear();
        behaviour.put("small", target -> {
            throw new PermanentAIException("400 content_policy_violation", null, 400);
        });
        assertThat(call(driver, routing)).isEqualTo("answer from lenient");
        assertThat(requests).containsExactly("small", "lenient");

        requests.clear();
        behaviour.put("lenient", target -> {
            throw new PermanentAIException("400 content_policy_violation", null, 400);
        });
        assertThatThrownBy(() -> call(driver, routing)).as("a target is not asked twice in one pass")
                .isInstanceOf(PermanentAIException.class);
        assertThat(requests).containsExactly("small", "lenient");
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aTargetWhoseBreakerIsOpenIsSkippedWithoutARequestUntilItAdmitsATrial(Driver driver) {
        behaviour.put("primary", overloaded());
        RoutingConfig routing = RoutingConfig.of("primary", "secondary");
        call(driver, routing);
        call(driver, routing); // the primary's second failure opens its breaker (threshold 2)
        requests.clear();

        assertThat(call(driver, routing)).isEqualTo("answer from secondary");
        assertThat(requests).containsExactly("secondary");
        assertThat(metricsOf("primary").rejectedCalls()).as("skipped before any call was made").isZero();

        behaviour.remove("primary"); // the primary recovers
        clock.advance(Duration.ofSeconds(60)); // past its breaker's open interval (30 s, with any jitter)
        requests.clear();
        assertThat(call(driver, routing)).isEqualTo("answer from primary");
        assertThat(requests).as("the trial goes to the primary").containsExactly("primary");
        assertThat(metricsOf("primary").circuitBreakerCloses()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRateLimitCoolsItsTargetDownAndTheNextCallsGoElsewhereWithoutWaiting(Driver driver) {
        behaviour.put("primary", target -> {
            throw new RateLimitException("429 tokens per minute", Duration.ofSeconds(20));
        });
        RoutingConfig routing = RoutingConfig.of("primary", "secondary");

        assertThat(call(driver, routing)).isEqualTo("answer from secondary");
        assertThat(call(driver, routing)).isEqualTo("answer from secondary");

        assertThat(requests).containsExactly("primary", "secondary", "secondary");
        assertThat(clock.elapsed()).isZero();
        assertThat(targets.apply("target:primary").pipeline().find(CooldownStage.class)
                .remainingNanos(clock.nanoTime())).isEqualTo(Duration.ofSeconds(20).toNanos());
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenEveryTargetIsCoolingDownTheCallWaitsForTheEarliestWithinItsBudget(Driver driver) {
        coolDown("primary", Duration.ofSeconds(7));
        coolDown("secondary", Duration.ofSeconds(3));

        assertThat(call(driver, RoutingConfig.of("primary", "secondary"))).isEqualTo("answer from secondary");

        assertThat(clock.elapsed()).as("exactly until the earliest target is free").isEqualTo(Duration.ofSeconds(3));
        assertThat(requests).containsExactly("secondary");
        assertThat(op.metrics().snapshot(clock).attempts()).as("waiting is not an attempt").isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenTheEarliestTargetIsFreeOnlyAfterTheBudgetTheCallFailsAtOnceSayingWhen(Driver driver) {
        coolDown("primary", Duration.ofSeconds(100));
        coolDown("secondary", Duration.ofSeconds(90));

        NoTargetAvailableException failure = catchThrowableOfType(NoTargetAvailableException.class,
                () -> call(driver, RoutingConfig.of("primary", "secondary")));

        assertThat(failure.retryAfter()).contains(Duration.ofSeconds(90));
        assertThat(failure.operation()).isEqualTo("summarize");
        assertThat(failure.getMessage()).contains("primary: cooling down").contains("secondary: cooling down");
        assertThat(requests).isEmpty();
        assertThat(clock.elapsed()).as("no wait that cannot help").isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void theFallbackAnswersWhenNoTargetIsFreeWithinTheBudget(Driver driver) {
        coolDown("primary", Duration.ofSeconds(100));

        String answer = driver.runRouted(engine, op, CONFIG, RoutingConfig.of("primary"), targets, provider,
                context -> "fallback after " + context.reason());

        assertThat(answer).isEqualTo("fallback after " + FallbackReason.RATE_LIMITED);
        assertThat(requests).isEmpty();
        ResilienceMetrics routed = op.metrics().snapshot(clock);
        assertThat(routed.count(CallOutcome.FALLBACK.tag(), CallReason.RATE_LIMITED.tag())).isEqualTo(1);
        assertThat(routed.attempts()).as("rejected before any attempt").isZero();
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void aRetryGoesOverTheRouteAgainAfterTheBackoff(Driver driver) {
        int[] passes = {0};
        behaviour.put("primary", target -> {
            passes[0]++;
            throw new ServiceUnavailableException("503", null, 503);
        });
        behaviour.put("secondary", target -> {
            if (passes[0] < 2) {
                throw new ServiceUnavailableException("503", null, 503);
            }
            return "answer from secondary";
        });

        assertThat(call(driver, RoutingConfig.of("primary", "secondary"))).isEqualTo("answer from secondary");

        assertThat(requests).containsExactly("primary", "secondary", "primary", "secondary");
        assertThat(clock.elapsed()).as("one backoff of the routed call").isEqualTo(Duration.ofSeconds(1));
        assertThat(op.metrics().snapshot(clock).attempts()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(Driver.class)
    void whenEveryTargetFailsEveryPassTheCallerSeesEachTargetsFailure(Driver driver) {
        behaviour.put("primary", overloaded());
        behaviour.put("secondary", target -> {
            throw new RateLimitException("429 from secondary", Duration.ofMillis(500));
        });
        ResilienceConfig twoPasses = TestConfigs.config(2, 100);

        TargetsFailedException failure = catchThrowableOfType(TargetsFailedException.class,
                () -> call(driver, twoPasses, RoutingConfig.of("primary", "secondary")));

        assertThat(failure.targets()).containsExactly("primary", "secondary");
        assertThat(failure.getCause()).isInstanceOf(RateLimitException.class).hasMessage("429 from secondary");
        assertThat(failure.getSuppressed()).hasSize(1);
        assertThat(failure.getSuppressed()[0]).hasMessage("primary answered 503");
        assertThat(failure.statusCode()).isEqualTo(429);
        assertThat(requests).containsExactly("primary", "secondary", "primary", "secondary");
        assertThat(clock.elapsed()).as("the 1 s backoff covers the secondary's 0.5 s cooldown")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void weightedSelectionPutsATargetFirstInProportionToItsWeight() {
        RoutingConfig routing = RoutingConfig.builder().target("heavy", 3).target("light", 1).weighted().build();
        int calls = 4000;
        for (int i = 0; i < calls; i++) {
            call(Driver.BLOCKING, routing);
        }
        long heavy = requests.stream().filter("heavy"::equals).count();
        // 3 : 1, so 3,000 expected; the seeded draw gives a fixed count, and any fair draw stays within ±5 %.
        assertThat(heavy).isBetween(2850L, 3150L);
        assertThat(requests).hasSize(calls).as("one request per call").containsOnly("heavy", "light");
    }

    @Test
    void aWeightedRouteStillFailsOverToTheTargetsNotDrawnFirst() {
        behaviour.put("heavy", overloaded());
        behaviour.put("light", overloaded());
        RoutingConfig routing = RoutingConfig.builder().target("heavy", 3).target("light", 1).target("spare", 1)
                .weighted().build();

        for (int i = 0; i < 20; i++) {
            requests.clear();
            assertThat(call(Driver.BLOCKING, TestConfigs.config(1, 100), routing)).isEqualTo("answer from spare");
            assertThat(requests).as("each target at most once, until the one that answers").doesNotHaveDuplicates()
                    .endsWith("spare");
            assertThat(requests.subList(0, requests.size() - 1)).isSubsetOf("heavy", "light");
        }
    }

    @Test
    void aRouteIsCheckedWhenBuiltNamingTheFieldTheRangeAndTheValue() {
        assertThatThrownBy(() -> RoutingConfig.of()).hasMessage(
                "RoutingConfig.targets must have between 1 and 16 targets (inclusive), but had 0");
        assertThatThrownBy(() -> RoutingConfig.of("a", "a")).hasMessage(
                "RoutingConfig.targets must have unique names, but 'a' appears twice");
        assertThatThrownBy(() -> RoutingConfig.builder().target("a", 0)).hasMessage(
                "RoutingConfig.targets[].weight of target 'a' must be between 1 and 1000 (inclusive), but was 0");
        assertThatThrownBy(() -> RoutingConfig.of(" ")).hasMessage(
                "RoutingConfig.targets[].name must be 1 to 190 characters and not blank, but was ' '");
        assertThatThrownBy(() -> RoutingConfig.builder().target("a").onContextLength("bad\nname").build())
                .hasMessageStartingWith("RoutingConfig.contextLengthTarget 'bad\nname' is not a valid target name");
    }

    private void coolDown(String target, Duration duration) {
        targets.apply("target:" + target).pipeline().find(CooldownStage.class).holdFor(duration.toNanos());
    }
}
