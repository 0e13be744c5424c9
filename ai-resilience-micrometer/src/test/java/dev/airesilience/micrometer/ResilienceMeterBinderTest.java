package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.streaming.ResilientStream;
import dev.airesilience.streaming.StreamObserver;
import dev.airesilience.streaming.StreamSubscription;
import dev.airesilience.time.ManualClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResilienceMeterBinderTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience =
            AIServiceResilience.builder().clock(clock).random(new Random(7)).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResilienceMeterBinder binder = new ResilienceMeterBinder(resilience);

    @AfterEach
    void close() {
        binder.close();
        resilience.close();
    }

    /** Calls of {@code outcome}, whatever the reason: the call timer's count is the number of calls. */
    private double calls(String operation, String strategy, String outcome) {
        return registry.find("ai.resilience.call.duration")
                .tags("operation", operation, "strategy", strategy, "outcome", outcome).timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private double calls(String operation, String outcome, String reason, MeterRegistry in) {
        return in.find("ai.resilience.call.duration").tags("operation", operation, "outcome", outcome, "reason", reason)
                .timers().stream().mapToLong(Timer::count).sum();
    }

    private double state(String operation) {
        return registry.get("ai.resilience.circuit.state").tag("operation", operation).gauge().value();
    }

    /** Fails its first {@code failures} invocations with a 503, then answers. */
    private static java.util.concurrent.Callable<String> failing(int failures, AtomicInteger invocations) {
        return () -> {
            if (invocations.incrementAndGet() <= failures) {
                throw new ServiceUnavailableException("503 overloaded");
            }
            return "ok";
        };
    }

    /**
     * One asynchronous call of {@code operation} whose first request would answer after 10 s and whose hedge, sent
     * after 2 s, answers 1 s later; in virtual time, on this thread.
     */
    private String hedgedCall(String operation) throws Exception {
        ResilienceConfig config = ResilienceConfig.builder().idempotent(true)
                .hedge(new HedgeConfig(true, Duration.ofSeconds(2), 0, 1, 1.0)).build();
        java.util.Iterator<String> answers = List.of("slow", "hedge").iterator();
        java.util.Iterator<Duration> latencies = List.of(Duration.ofSeconds(10), Duration.ofSeconds(1)).iterator();
        CompletableFuture<String> result = resilience.<String>withResilience(operation, null, config, null).callAsync(() -> {
            CompletableFuture<String> answer = new CompletableFuture<>();
            String value = answers.next();
            clock.schedule(() -> answer.complete(value), latencies.next());
            return answer;
        });
        clock.advance(Duration.ofSeconds(2)); // the hedge goes (a task sees the clock at the end of an advance)
        clock.advance(Duration.ofSeconds(1));
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSharedStateIsAGaugeAndItsFailuresACounterOneEachPerOrchestrator() {
        binder.bindTo(registry);
        assertThat(registry.get("ai.resilience.shared.state.available").gauge().value()).as("nothing shared").isNaN();
        assertThat(registry.get("ai.resilience.shared.state.failures").functionCounter().count()).isZero();

        FlakyStore store = new FlakyStore();
        try (AIServiceResilience shared = AIServiceResilience.builder().clock(clock).sharedState(store).build()) {
            SimpleMeterRegistry sharedRegistry = new SimpleMeterRegistry();
            new ResilienceMeterBinder(shared).bindTo(sharedRegistry);
            assertThat(sharedRegistry.get("ai.resilience.shared.state.available").gauge().value()).isEqualTo(1.0);
            store.up = false;
            store.failures = 3;
            assertThat(sharedRegistry.get("ai.resilience.shared.state.available").gauge().value()).isZero();
            assertThat(sharedRegistry.get("ai.resilience.shared.state.failures").functionCounter().count())
                    .isEqualTo(3.0);
        }
    }

    /** A shared store whose reachability and failure count the test sets. */
    private static final class FlakyStore implements dev.airesilience.shared.SharedState {
        volatile boolean up = true;
        volatile long failures;

        @Override
        public void start(Sink sink) {}

        @Override
        public void cooldownStarted(String operation, Duration remaining) {}

        @Override
        public void configurationUpdated(String document) {}

        @Override
        public boolean available() {
            return up;
        }

        @Override
        public long failures() {
            return failures;
        }

        @Override
        public void close() {}
    }

    @Test
    void aCoolingOperationAndARouteTargetsQuotaAreGauges() {
        binder.bindTo(registry);
        RoutingConfig routing = RoutingConfig.builder()
                .target("limited", QuotaConfig.tokensPerMinute(1000).withRequestsPerMinute(10))
                .target("spare").build();

        String answer = resilience.operation("chat").route(routing).estimatedTokens(300).call(call -> {
            if (call.name().equals("limited")) {
                throw new RateLimitException("429", Duration.ofSeconds(30));
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(registry.get("ai.resilience.cooldown.remaining").tag("operation", "target:limited").gauge().value())
                .isEqualTo(30.0);
        assertThat(registry.get("ai.resilience.cooldown.remaining").tag("operation", "target:spare").gauge().value())
                .isZero();
        assertThat(registry.get("ai.resilience.quota.remaining").tags("operation", "target:limited", "kind", "tokens")
                .gauge().value()).as("a 429 keeps the reservation").isEqualTo(700.0);
        assertThat(registry.get("ai.resilience.quota.remaining").tags("operation", "target:limited", "kind", "requests")
                .gauge().value()).isEqualTo(9.0);
        assertThat(registry.get("ai.resilience.quota.remaining").tags("operation", "target:spare", "kind", "tokens")
                .gauge().value()).as("no quota").isNaN();
        clock.advance(Duration.ofSeconds(12));
        assertThat(registry.get("ai.resilience.cooldown.remaining").tag("operation", "target:limited").gauge().value())
                .isEqualTo(18.0);
    }

    @Test
    void countsHedgesSentAndWonFromTheSameEventsAsTheCore() throws Exception {
        binder.bindTo(registry);
        resilience.withOperationResilience("hedged").call(() -> "ok");
        assertThat(registry.find("ai.resilience.hedges").counters()).as("registered by the first hedge").isEmpty();

        assertThat(hedgedCall("hedged")).isEqualTo("hedge");
        assertThat(registry.get("ai.resilience.hedges").tag("operation", "hedged").counter().count()).isEqualTo(1);
        assertThat(registry.get("ai.resilience.hedges.won").tag("operation", "hedged").counter().count()).isEqualTo(1);
        assertThat(resilience.getMetrics("hedged").hedges()).isEqualTo(1);
        assertThat(resilience.getMetrics("hedged").hedgesWon()).isEqualTo(1);
    }

    @Test
    void countsCallsByOutcomeWithOperationStrategyAndOutcomeTags() {
        binder.bindTo(registry);
        ResilienceDecorator<String> summarize = resilience.withResilience("summarize", ResilienceStrategy.AGGRESSIVE);

        summarize.call(() -> "ok");
        assertThatThrownBy(() -> summarize.call(() -> {
            throw new PermanentAIException("400 bad prompt");
        })).isInstanceOf(PermanentAIException.class);
        summarize.withFallback(Fallback.value("canned")).call(() -> {
            throw new PermanentAIException("400 bad prompt");
        });

        assertThat(calls("summarize", "aggressive", "success")).isEqualTo(1);
        assertThat(calls("summarize", "aggressive", "failure")).isEqualTo(1);
        assertThat(calls("summarize", "aggressive", "fallback")).isEqualTo(1);
        assertThat(calls("summarize", "aggressive", "rejected")).isZero();
        assertThat(calls("summarize", "failure", "permanent", registry)).isEqualTo(1);
        assertThat(calls("summarize", "fallback", "permanent", registry))
                .as("a wrong API key answered by a fallback is visible as permanent, not as a healthy fallback")
                .isEqualTo(1);
        assertThat(calls("summarize", "success", "none", registry)).isEqualTo(1);
    }

    /**
     * Issue #11: the core's metrics and the meters are counted from the same events, so after a mix of every outcome
     * and reason they agree, count for count.
     */
    @Test
    void metersAgreeWithTheCoresMetricsForEveryOutcomeAndReason() {
        binder.bindTo(registry);
        ResilienceDecorator<String> chat = resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        AtomicInteger invocations = new AtomicInteger();
        chat.call(failing(1, invocations)); // a retry, then success
        assertThatThrownBy(() -> chat.call(() -> {
            throw new PermanentAIException("401 invalid api key");
        })).isInstanceOf(PermanentAIException.class);
        chat.withFallback(Fallback.value("later")).call(() -> {
            throw new dev.airesilience.exception.RateLimitException("429", java.time.Duration.ofSeconds(1));
        });
        while (resilience.getCircuitBreaker("chat").map(b -> b.healthy()).orElse(true)) {
            chat.withFallback(Fallback.value("canned")).call(failing(99, new AtomicInteger()));
        }
        assertThatThrownBy(() -> chat.call(() -> "never")).isInstanceOf(CircuitOpenException.class);
        chat.withFallback(Fallback.value("canned")).call(() -> "never");

        dev.airesilience.metrics.ResilienceMetrics core = resilience.getMetrics("chat");
        assertThat(calls("chat", "success", "none", registry)).isEqualTo(core.successfulCalls()).isEqualTo(1);
        for (var byOutcome : core.reasons().entrySet()) {
            for (var byReason : byOutcome.getValue().entrySet()) {
                assertThat(calls("chat", byOutcome.getKey(), byReason.getKey(), registry))
                        .as("%s/%s", byOutcome.getKey(), byReason.getKey()).isEqualTo(byReason.getValue().doubleValue());
            }
        }
        assertThat(core.reasons()).containsKeys("failure", "fallback", "rejected");
        assertThat(core.count("fallback", "throttled")).isEqualTo(1);
        assertThat(core.count("rejected", "circuit_open")).isEqualTo(1);
        assertThat(core.count("fallback", "circuit_open")).isEqualTo(1);
        assertThat(registry.get("ai.resilience.attempts").tag("operation", "chat").counter().count())
                .isEqualTo(core.attempts());
        assertThat(registry.get("ai.resilience.retries").tag("operation", "chat").counter().count())
                .isEqualTo(core.retryAttempts()).isPositive();
        assertThat(registry.get("ai.resilience.circuit.transitions").tags("operation", "chat", "to", "open")
                .counter().count()).isEqualTo(core.circuitBreakerOpens()).isEqualTo(1);
        assertThat(registry.get("ai.resilience.call.duration").tag("operation", "chat").timers().stream()
                .mapToLong(Timer::count).sum()).isEqualTo(core.totalCalls());
    }

    @Test
    void countsRejectedCallsOfAnOpenCircuit() {
        binder.bindTo(registry);
        ResilienceDecorator<String> chat = resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        AtomicInteger invocations = new AtomicInteger();
        while (resilience.getCircuitBreaker("chat").map(b -> !b.healthy()).orElse(false) == false) {
            assertThatThrownBy(() -> chat.call(failing(99, invocations))).isInstanceOf(ServiceUnavailableException.class);
        }

        assertThatThrownBy(() -> chat.call(() -> "never")).isInstanceOf(CircuitOpenException.class);

        assertThat(calls("chat", "aggressive", "rejected")).isEqualTo(1);
        assertThat(registry.get("ai.resilience.attempts").tags("operation", "chat").counter().count())
                .as("a rejected call makes no attempt").isEqualTo(invocations.get());
    }

    @Test
    void countsAttemptsAndRetries() {
        binder.bindTo(registry);
        AtomicInteger invocations = new AtomicInteger();

        resilience.<String>withOperationResilience("embed").call(failing(2, invocations));

        assertThat(registry.get("ai.resilience.attempts").tags("operation", "embed", "strategy", "balanced")
                .counter().count()).isEqualTo(3);
        assertThat(registry.get("ai.resilience.retries").tag("operation", "embed").counter().count()).isEqualTo(2);
        assertThat(calls("embed", "balanced", "success")).isEqualTo(1);
    }

    /**
     * Issue 10, item 20: Micrometer counted retries when they were scheduled, the core when they were made, so a
     * call cancelled during its backoff (retry scheduled, never made) counted in one and not the other.
     */
    @Test
    void retriesAgreeWithTheCoresRetryAttemptsWhenAsyncCallsAreCancelledDuringBackoff() {
        binder.bindTo(registry);
        // 3 attempts, no jitter: waits of 1 s then 2 s.
        ResilienceConfig config = ResilienceConfig.builder().retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(60))
                .exponentialMultiplier(Duration.ofSeconds(1)).exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(10)).jitter(false).build()).build();
        int perGroup = 5;
        List<CompletableFuture<String>> cancelledInFirstBackoff = start("first_backoff", config, perGroup, 99, false);
        List<CompletableFuture<String>> cancelledInSecondBackoff = start("second_backoff", config, perGroup, 99, false);
        List<CompletableFuture<String>> cancelledDuringSecondAttempt = start("second_attempt", config, perGroup, 1, true);
        List<CompletableFuture<String>> succeedOnThird = start("third_succeeds", config, perGroup, 2, false);
        List<CompletableFuture<String>> exhausted = start("exhausted", config, perGroup, 99, false);

        cancelledInFirstBackoff.forEach(f -> assertThat(f.cancel(true)).isTrue());
        clock.advance(Duration.ofSeconds(1)); // second attempts
        cancelledInSecondBackoff.forEach(f -> assertThat(f.cancel(true)).isTrue());
        cancelledDuringSecondAttempt.forEach(f -> assertThat(f.cancel(true)).isTrue());
        clock.advance(Duration.ofSeconds(2)); // third attempts
        assertThat(succeedOnThird).allSatisfy(f -> assertThat(f).isCompletedWithValue("ok"));
        assertThat(exhausted).allSatisfy(f -> assertThat(f).isCompletedExceptionally());
        assertThat(clock.pendingTasks()).as("nothing left to run").isZero();

        Map<String, Long> made = Map.of("first_backoff", 0L, "second_backoff", 1L, "second_attempt", 1L,
                "third_succeeds", 2L, "exhausted", 2L);
        long total = 0;
        for (Map.Entry<String, Long> group : made.entrySet()) {
            String operation = group.getKey();
            long core = resilience.getAllMetrics().operations().get(operation).retryAttempts();
            assertThat(core).as("core retry_attempts of " + operation).isEqualTo(group.getValue() * perGroup);
            assertThat(registry.get("ai.resilience.retries").tag("operation", operation).counter().count())
                    .as("Micrometer retries of " + operation + " == core retry_attempts").isEqualTo((double) core);
            assertThat(registry.get("ai.resilience.attempts").tag("operation", operation).counter().count())
                    .as("attempts of " + operation)
                    .isEqualTo((double) resilience.getAllMetrics().operations().get(operation).attempts());
            total += core;
        }
        assertThat(registry.find("ai.resilience.retries").counters().stream().mapToDouble(Counter::count).sum())
                .isEqualTo((double) total).isEqualTo(30.0);
    }

    /**
     * Starts {@code count} async calls of {@code operation} whose attempts fail with a 503 {@code failures} times,
     * then succeed, or, with {@code hangAfter}, never complete.
     */
    private List<CompletableFuture<String>> start(String operation, ResilienceConfig config, int count, int failures,
            boolean hangAfter) {
        ResilienceDecorator<String> decorator = resilience.withResilience(operation, null, config, null);
        return IntStream.range(0, count).mapToObj(i -> {
            AtomicInteger invocations = new AtomicInteger();
            Supplier<CompletableFuture<String>> attempt = () -> invocations.incrementAndGet() <= failures
                    ? CompletableFuture.failedFuture(new ServiceUnavailableException("503 overloaded"))
                    : hangAfter ? new CompletableFuture<>() : CompletableFuture.completedFuture("ok");
            return decorator.callAsync(attempt);
        }).collect(Collectors.toList());
    }

    @Test
    void recordsLatencyInVirtualTimeBackoffIncluded() {
        binder.bindTo(registry);

        resilience.<String>withOperationResilience("embed").call(failing(1, new AtomicInteger()));

        Timer timer = registry.get("ai.resilience.call.duration")
                .tags("operation", "embed", "strategy", "balanced", "outcome", "success").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.NANOSECONDS))
                .as("the backoff wait is part of the call").isEqualTo(clock.elapsed().toNanos()).isPositive();
    }

    @Test
    void breakerStateGaugeFollowsTheCircuitThroughOpenHalfOpenAndClosed() {
        binder.bindTo(registry);
        ResilienceDecorator<String> chat = resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        chat.call(() -> "ok");
        assertThat(state("chat")).isEqualTo(0);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> chat.call(failing(99, new AtomicInteger()))).isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(state("chat")).as("open").isEqualTo(1);

        clock.advance(Duration.ofSeconds(31)); // past the AGGRESSIVE recovery timeout of 30 s
        assertThat(state("chat")).as("half-open: a trial call would be admitted").isEqualTo(2);

        chat.call(() -> "ok");
        assertThat(state("chat")).as("closed after a successful trial").isEqualTo(0);
    }

    @Test
    void countsTransitionsWithFromAndToTags() {
        binder.bindTo(registry);
        ResilienceDecorator<String> chat = resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> chat.call(failing(99, new AtomicInteger()))).isInstanceOf(ServiceUnavailableException.class);
        }
        clock.advance(Duration.ofSeconds(31));
        chat.call(() -> "ok");

        List<String> transitions = registry.find("ai.resilience.circuit.transitions").tag("operation", "chat")
                .counters().stream()
                .map(c -> c.getId().getTag("from") + ">" + c.getId().getTag("to") + "=" + (long) c.count())
                .sorted().collect(Collectors.toList());
        assertThat(transitions).containsExactly("closed>open=1", "half-open>closed=1", "open>half-open=1");
    }

    @Test
    void picksUpOperationsKnownAtBindingAndThoseThatAppearAfterwards() {
        resilience.withOperationResilience("before").call(() -> "ok");
        binder.bindTo(registry);
        assertThat(registry.find("ai.resilience.circuit.state").tag("operation", "before").gauge())
                .as("known at binding").isNotNull();
        assertThat(registry.find("ai.resilience.circuit.state").tag("operation", "after").gauge()).isNull();

        resilience.withOperationResilience("after").call(() -> "ok");

        assertThat(state("after")).isEqualTo(0);
        assertThat(calls("after", "balanced", "success")).isEqualTo(1);
    }

    @Test
    void bindsToSeveralRegistriesAndStopsRecordingWhenClosed() {
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        binder.bindTo(registry);
        binder.bindTo(second);
        ResilienceDecorator<String> op = resilience.withOperationResilience("op");

        op.call(() -> "ok");
        binder.close();
        op.call(() -> "ok");

        assertThat(calls("op", "balanced", "success")).isEqualTo(1);
        assertThat(calls("op", "success", "none", second)).isEqualTo(1);
    }

    @Test
    void bindingTwiceToOneRegistryDoesNotDoubleCount() {
        binder.bindTo(registry);
        binder.bindTo(registry);

        resilience.withOperationResilience("op").call(() -> "ok");

        assertThat(calls("op", "balanced", "success")).isEqualTo(1);
    }

    @Test
    void documentationEnumIsReadableThroughMicrometersMeterDocumentation() {
        io.micrometer.core.instrument.docs.MeterDocumentation calls = ResilienceMeters.CALL_DURATION;

        assertThat(calls.getName()).isEqualTo("ai.resilience.call.duration");
        assertThat(calls.getType()).isEqualTo(Meter.Type.TIMER);
        assertThat(calls.getKeyNames()).extracting(io.micrometer.common.docs.KeyName::asString)
                .containsExactly("operation", "strategy", "outcome", "reason");
    }

    @Test
    void addsCommonTagsToEveryMeter() {
        ResilienceMeterBinder tagged = new ResilienceMeterBinder(resilience, Tags.of("provider", "openai"));
        tagged.bindTo(registry);
        try {
            resilience.withOperationResilience("op").call(() -> "ok");
        } finally {
            tagged.close();
        }

        assertThat(registry.getMeters()).isNotEmpty()
                .allSatisfy(meter -> assertThat(meter.getId().getTag("provider")).isEqualTo("openai"));
    }

    @Test
    void everyRegisteredMeterIsDocumentedInResilienceMetersWithItsTags() {
        binder.bindTo(registry);
        ResilienceDecorator<String> chat = resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE);
        chat.call(failing(1, new AtomicInteger()));
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> chat.call(failing(99, new AtomicInteger()))).isInstanceOf(ServiceUnavailableException.class);
        }
        assertThatThrownBy(() -> chat.call(() -> "x")).isInstanceOf(CircuitOpenException.class);
        // and one streamed call, which alone registers the time-to-first-token timer
        List<String> streamed = new java.util.ArrayList<>();
        ResilientStream.of(resilience.<String>withOperationResilience("stream"), (StreamObserver<? super String> events) -> {
            events.onNext("token");
            events.onComplete();
            return StreamSubscription.NONE;
        }).subscribe(new StreamObserver<String>() {
            @Override
            public void onNext(String element) {
                streamed.add(element);
            }

            @Override
            public void onComplete() {}

            @Override
            public void onError(Throwable error) {}
        });
        assertThat(streamed).containsExactly("token");
        try { // and one hedged call, which alone registers the hedge counters
            assertThat(hedgedCall("hedged")).isEqualTo("hedge");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // and one routed call, whose target alone registers the quota gauges
        String routed = resilience.operation("routed").route(RoutingConfig.of("target-a")).call(call -> "a");
        assertThat(routed).isEqualTo("a");

        Set<String> registered = registry.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
        assertThat(registered).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ResilienceMeters.values()).map(ResilienceMeters::meterName).collect(Collectors.toList()));
        for (Meter meter : registry.getMeters()) {
            ResilienceMeters documented = Arrays.stream(ResilienceMeters.values())
                    .filter(m -> m.meterName().equals(meter.getId().getName())).findFirst().orElseThrow();
            assertThat(meter.getId().getType()).as(documented.meterName()).isEqualTo(documented.type());
            assertThat(meter.getId().getTags()).extracting(Tag::getKey).as(documented.meterName())
                    .containsExactlyInAnyOrderElementsOf(documented.tagKeys().stream()
                            .map(ResilienceMeters.TagKey::key).collect(Collectors.toList()));
        }
    }

    @Test
    void countersStayExactUnderContention() throws Exception {
        binder.bindTo(registry);
        ResilienceDecorator<String> op = resilience.withOperationResilience("busy");
        int threads = 8;
        int callsPerThread = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = IntStream.range(0, threads).mapToObj(t -> pool.submit(() -> {
                start.await();
                for (int i = 0; i < callsPerThread; i++) {
                    op.call(() -> "ok");
                }
                return null;
            })).collect(Collectors.toList());
            start.countDown();
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(calls("busy", "balanced", "success")).isEqualTo(threads * callsPerThread);
        assertThat(registry.get("ai.resilience.call.duration").tag("operation", "busy").timer().count())
                .isEqualTo(threads * callsPerThread);
    }
}
