package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.time.ManualClock;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One {@code ai.resilience.call} observation per call, with one {@code ai.resilience.attempt} child per attempt,
 * tagged with outcome and reason; an observation made inside the function (an HTTP client's) is the attempt's child.
 * {@link TestObservationRegistry} also checks that every scope is closed on the thread that opened it, in reverse
 * order.
 */
class ObservationCallInstrumentationTest {

    private final TestObservationRegistry registry = TestObservationRegistry.create();
    private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    private final ManualClock clock = ManualClock.autoAdvancing();

    enum Path {
        BLOCKING, BLOCKING_TIMED, ASYNC;

        <T> T run(ResilienceDecorator<T> decorator, Callable<T> function) throws Exception {
            if (this == ASYNC) {
                return decorator.callAsync(() -> {
                    try {
                        return CompletableFuture.completedFuture(function.call());
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }).get(10, TimeUnit.SECONDS);
            }
            return decorator.call(function);
        }

        ResilienceConfig config() {
            ResilienceConfig config = ResilienceConfig.builder().strategy(ResilienceStrategy.BALANCED)
                    .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(60)).exponentialMultiplier(Duration.ofSeconds(1))
                            .exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(10)).jitter(false).build())
                    .build();
            // A timed attempt runs on a worker thread (its deadline, 30 s, would need the clock to pass it).
            return this == BLOCKING_TIMED ? config.toBuilder().attemptTimeout(Duration.ofSeconds(30)).build() : config;
        }
    }

    ObservationCallInstrumentationTest() {
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
    }

    private AIServiceResilience orchestrator(ManualClock clock) {
        return AIServiceResilience.builder().timeSource(clock).sleeper(clock).scheduler(clock).random(new Random(1))
                .instrumentation(new ObservationCallInstrumentation(registry)).build();
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    @SuppressWarnings("try") // the server request's scope is only closed
    void aRetriedCallIsOneCallObservationWithAnAttemptChildPerAttemptAndTheHttpSpanInsideIsTheAttemptsChild(Path path)
            throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        ManualClock timedClock = new ManualClock(); // BLOCKING_TIMED: deadlines never come due; sleeps advance it
        Observation server = Observation.createNotStarted("http.server.requests", registry).start();
        try (AIServiceResilience resilience = orchestrator(path == Path.BLOCKING_TIMED ? timedClock : clock);
                Observation.Scope inRequest = server.openScope()) {
            String answer = path.run(resilience.withResilience("summarize", null, path.config(), null), () ->
                    Observation.createNotStarted("http.client.requests", registry).observeChecked(() -> {
                        if (invocations.incrementAndGet() < 3) {
                            throw new TransientAIException("503 from the provider");
                        }
                        return "summary";
                    }));
            assertThat(answer).isEqualTo("summary");
        } finally {
            server.stop();
        }

        Observation.Context call = single("ai.resilience.call");
        assertThat(call.getContextualName()).isEqualTo("resilience summarize");
        assertThat(call.getParentObservation().getContextView().getName()).isEqualTo("http.server.requests");
        assertThat(low(call, "operation")).isEqualTo("summarize");
        assertThat(low(call, "strategy")).isEqualTo("balanced");
        assertThat(low(call, "outcome")).isEqualTo("success");
        assertThat(low(call, "reason")).isEqualTo("none");
        assertThat(call.getHighCardinalityKeyValue("attempts").getValue()).isEqualTo("3");
        assertThat(call.getError()).isNull();

        List<Observation.Context> attempts = named("ai.resilience.attempt");
        assertThat(attempts).hasSize(3);
        assertThat(attempts).allSatisfy(attempt -> {
            assertThat(attempt.getParentObservation().getContextView()).isSameAs(call);
            assertThat(attempt.getContextualName()).isEqualTo("attempt summarize");
        });
        assertThat(attempts).extracting(a -> a.getHighCardinalityKeyValue("attempt").getValue())
                .containsExactly("1", "2", "3");
        assertThat(attempts).extracting(a -> low(a, "outcome")).containsExactly("failure", "failure", "success");
        assertThat(attempts).extracting(a -> low(a, "reason")).containsExactly("transient", "transient", "none");
        assertThat(attempts.get(0).getError()).isInstanceOf(TransientAIException.class);
        assertThat(attempts.get(2).getError()).isNull();

        List<Observation.Context> clients = named("http.client.requests");
        assertThat(clients).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(clients.get(i).getParentObservation().getContextView()).as("parent of HTTP span %d", i + 1)
                    .isSameAs(attempts.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(Path.class)
    void aCallAnsweredByTheFallbackIsTaggedWithOutcomeAndReasonAndTheFallbackRunsInTheCall(Path path) throws Exception {
        ManualClock timedClock = new ManualClock();
        try (AIServiceResilience resilience = orchestrator(path == Path.BLOCKING_TIMED ? timedClock : clock)) {
            ResilienceDecorator<String> decorator = resilience.<String>withResilience("qa", null, path.config(), null)
                    .withFallback(context -> Observation.createNotStarted("cache.lookup", registry)
                            .observe(() -> "cached answer"));
            String answer = path.run(decorator, () -> {
                throw new TransientAIException("503");
            });
            assertThat(answer).isEqualTo("cached answer");
        }

        Observation.Context call = single("ai.resilience.call");
        assertThat(low(call, "outcome")).isEqualTo("fallback");
        assertThat(low(call, "reason")).isEqualTo("retries_exhausted");
        assertThat(named("ai.resilience.attempt")).hasSize(3)
                .allSatisfy(attempt -> assertThat(low(attempt, "reason")).isEqualTo("transient"));
        assertThat(single("cache.lookup").getParentObservation().getContextView()).isSameAs(call);
    }

    private Observation.Context single(String name) {
        List<Observation.Context> all = named(name);
        assertThat(all).as("observations named %s", name).hasSize(1);
        return all.get(0);
    }

    private List<Observation.Context> named(String name) {
        return stopped.stream().filter(c -> name.equals(c.getName())).toList();
    }

    private static String low(Observation.Context context, String key) {
        return context.getLowCardinalityKeyValue(key).getValue();
    }
}
