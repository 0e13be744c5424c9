package dev.airesilience.tests.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.shared.SharedState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two orchestrators (two instances of a service) sharing their rate-limit cooldowns through a {@link SharedState}:
 * here an in-memory hub on one virtual clock, so that the engine's side of the contract is checked exactly; the
 * Redis module checks the same over a real Redis server.
 */
class SharedCooldownTest {

    private final ManualClock clock = new ManualClock();
    private final InMemoryHub hub = new InMemoryHub(clock);
    private final List<AIServiceResilience> instances = new ArrayList<>();

    /** A budget of {@code budget}, 3 attempts, 1 s backoff: long enough or not to wait out a cooldown. */
    private static ResilienceConfig config(Duration budget) {
        return ResilienceConfig.builder().strategy(ResilienceStrategy.BALANCED)
                .retry(RetryConfig.builder().maxAttempts(3).maxDelay(budget).exponentialMultiplier(Duration.ofSeconds(1))
                        .exponentialMin(Duration.ofSeconds(1)).exponentialMax(Duration.ofSeconds(1)).jitter(false)
                        .build())
                .build();
    }

    private AIServiceResilience instance(SharedState shared) {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).sharedState(shared).build();
        instances.add(resilience);
        return resilience;
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(AIServiceResilience::close);
    }

    /** Calls the operation on {@code b} through the blocking or the asynchronous driver; when the provider ran. */
    private List<Duration> callOn(AIServiceResilience b, boolean async, Duration budget) {
        List<Duration> providerCalledAt = new CopyOnWriteArrayList<>();
        if (async) {
            CompletableFuture<String> answer = b.operation("chat").config(config(budget)).callAsync(() -> {
                providerCalledAt.add(clock.elapsed());
                return CompletableFuture.completedFuture("ok");
            });
            clock.advance(Duration.ofMinutes(5)); // runs every scheduled step
            try {
                answer.join();
            } catch (CompletionException e) {
                throw (RuntimeException) e.getCause();
            }
        } else {
            b.operation("chat").config(config(budget)).call(() -> {
                providerCalledAt.add(clock.elapsed());
                return "ok";
            });
        }
        return providerCalledAt;
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aRateLimitSeenByOneInstanceHoldsTheOtherUntilItEnds(boolean async) {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        rateLimitOnWithoutWaiting(a);

        assertThat(callOn(b, async, Duration.ofSeconds(120))).as("B's provider call waits out A's cooldown")
                .singleElement().satisfies(at -> assertThat(at).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aCallWhoseBudgetCannotWaitItOutIsRejectedWithoutCallingTheProvider(boolean async) {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        rateLimitOnWithoutWaiting(a);

        List<Duration> calledAt = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> calledAt.addAll(callOn(b, async, Duration.ofSeconds(10))))
                .isInstanceOf(RateLimitException.class)
                .satisfies(e -> assertThat(((RateLimitException) e).retryAfter())
                        .hasValue(Duration.ofSeconds(30)));
        assertThat(calledAt).isEmpty();
        assertThat(b.getAllMetrics().operations().get("chat").rejectedCalls()).isEqualTo(1);
    }

    @Test
    void withoutSharedStateTheOtherInstanceLearnsAlone() {
        AIServiceResilience a = instance(SharedState.none());
        AIServiceResilience b = instance(SharedState.none());
        rateLimitOnWithoutWaiting(a);

        assertThat(callOn(b, false, Duration.ofSeconds(120))).containsExactly(Duration.ZERO);
        assertThat(b.getHealthStatus().sharedState()).isNull();
    }

    @Test
    void aCooldownLearntFromAnotherInstanceIsNotSharedAgain() {
        AIServiceResilience a = instance(hub.member());
        instance(hub.member());
        hub.cooldownFromElsewhere("chat", Duration.ofSeconds(30));
        assertThat(hub.cooldowns).as("held, not echoed").isEmpty();

        // A's next call waits out the 30 s, then meets a 429 of its own: that one is shared.
        ResilienceConfig oneAttempt = config(Duration.ofSeconds(120)).toBuilder()
                .retry(RetryConfig.builder().maxAttempts(1).maxDelay(Duration.ofSeconds(120)).jitter(false).build())
                .build();
        assertThatThrownBy(() -> a.operation("chat").config(oneAttempt).call(() -> {
            throw new RateLimitException("HTTP 429 at " + clock.elapsed().toSeconds() + " s", Duration.ofSeconds(10));
        })).hasMessage("HTTP 429 at 30 s");
        assertThat(hub.cooldowns).containsExactly("chat 10000 ms");
    }

    @Test
    void aRuntimeUpdateOnOneInstanceReachesTheOthersAndThoseThatStartLater() {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());

        a.updateConfiguration("{\"retry_attempts\": 6, \"operation_overrides\": {\"chat\": \"critical\"}}");
        b.updateConfiguration(Map.of("circuit_breaker_threshold", 9));
        AIServiceResilience late = instance(hub.member());

        for (AIServiceResilience instance : List.of(a, b, late)) {
            assertThat(instance.getConfiguration().operationOverrides()).containsEntry("chat", ResilienceStrategy.CRITICAL);
            assertThat(instance.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).retry().maxAttempts())
                    .isEqualTo(6);
            assertThat(instance.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).circuitBreaker()
                    .failureThreshold()).isEqualTo(9);
        }
        assertThat(a.configEvents().events(null, ConfigEventType.CONFIG_CHANGE))
                .as("A's own update, back in the shared order, is not a second change").hasSize(2);
    }

    @Test
    void aRejectedUpdateChangesNothingAnywhere() {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        ResolvedConfiguration before = b.getConfiguration();

        assertThatThrownBy(() -> a.updateConfiguration("{\"retry_attempts\": 0}"))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(hub.updates).isEmpty();
        assertThat(b.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED))
                .isEqualTo(before.configForStrategy(ResilienceStrategy.BALANCED));
    }

    @Test
    void anUpdateThisInstanceRefusesIsNotApplied() {
        AIServiceResilience b = instance(hub.member());
        int attempts = b.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).retry().maxAttempts();

        hub.updates.add("{\"retry_attempts\": 500}"); // accepted by some other version, not by this one
        hub.members.forEach(m -> m.sink.configuration("{\"retry_attempts\": 500}"));

        assertThat(b.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).retry().maxAttempts())
                .isEqualTo(attempts);
    }

    @Test
    void aCooldownForAnOperationThisInstanceNeverCalledHoldsItsFirstCall() {
        AIServiceResilience b = instance(hub.member());
        hub.cooldownFromElsewhere("summarize", Duration.ofSeconds(20));

        List<Duration> calledAt = new ArrayList<>();
        b.operation("summarize").config(config(Duration.ofSeconds(60))).call(() -> calledAt.add(clock.elapsed()));
        assertThat(calledAt).singleElement()
                .satisfies(at -> assertThat(at).isGreaterThanOrEqualTo(Duration.ofSeconds(20)));
    }

    @Test
    void aSharedStateThatFailsNeitherFailsTheCallNorHidesFromHealth() {
        InMemoryHub.Member broken = hub.member();
        broken.failing = true;
        AIServiceResilience a = instance(broken);

        rateLimitOnWithoutWaiting(a); // the 429 is handled, the call goes on; sharing it threw
        assertThat(a.getHealthStatus().sharedState()).isEqualTo("unavailable");
        assertThat(a.getHealthStatus().healthy()).as("calls go on with local state").isTrue();
        broken.failing = false;
        assertThat(a.getHealthStatus().sharedState()).isEqualTo("available");
    }

    /** A 429 with {@code Retry-After: retryAfter} on A; the call gives up at once (one attempt), so time stands still. */
    private void rateLimitOnWithoutWaiting(AIServiceResilience a, Duration retryAfter) {
        ResilienceConfig oneAttempt = config(Duration.ofSeconds(120)).toBuilder()
                .retry(RetryConfig.builder().maxAttempts(1).maxDelay(Duration.ofSeconds(120)).jitter(false).build())
                .build();
        assertThatThrownBy(() -> a.operation("chat").config(oneAttempt).call(() -> {
            throw new RateLimitException("HTTP 429", retryAfter);
        })).isInstanceOf(RateLimitException.class);
    }

    private void rateLimitOnWithoutWaiting(AIServiceResilience a) {
        rateLimitOnWithoutWaiting(a, Duration.ofSeconds(30));
    }
}
