package dev.airesilience.tests.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.shared.SharedState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two orchestrators sharing breaker state through a {@link SharedState}: an in-memory hub on one virtual clock, so
 * the engine's side of the contract is checked exactly (the Redis module checks it over a real Redis server). One
 * instance's opening opens another at once if that one has a failure of its own, else at its first failure, and
 * never if its calls succeed; the cluster sends one trial per open period and one health probe per interval; a
 * successful trial lets the others try at once; what an instance learnt from another is not told back; a store that fails leaves each instance alone.
 */
class SharedBreakerTest {

    private static final Duration OPEN = Duration.ofSeconds(60);

    private final ManualClock clock = new ManualClock();
    private final InMemoryHub hub = new InMemoryHub(clock);
    private final List<AIServiceResilience> instances = new ArrayList<>();
    private final AtomicInteger providerCalls = new AtomicInteger();
    private volatile boolean providerDown = true;

    /** One attempt per call; the breaker opens after 2 failed calls for 60 s. */
    private static final ResilienceConfig CONFIG = ResilienceConfig.builder()
            .retry(RetryConfig.builder().maxAttempts(1).maxDelay(Duration.ofSeconds(10)).jitter(false).build())
            .circuitBreaker(new CircuitBreakerConfig(2, OPEN, 1))
            .build();

    /** The configuration calls use: {@link #CONFIG} unless a test probes. */
    private ResilienceConfig config = CONFIG;

    private AIServiceResilience instance(SharedState shared) {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).sharedState(shared).build();
        instances.add(resilience);
        return resilience;
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(AIServiceResilience::close);
    }

    private String provider() {
        providerCalls.incrementAndGet();
        if (providerDown) {
            throw new ServiceUnavailableException("HTTP 503", null, 503);
        }
        return "ok";
    }

    /** One call of "chat" on {@code instance}, blocking or async; the failure it ends with, rethrown as is. */
    private String call(AIServiceResilience instance, boolean async) {
        if (!async) {
            return instance.operation("chat").config(config).call(this::provider);
        }
        try {
            return instance.operation("chat").config(config)
                    .<String>callAsync(() -> CompletableFuture.supplyAsync(this::provider, Runnable::run)).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    private void openOn(AIServiceResilience instance) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> call(instance, false)).isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(state(instance)).isEqualTo(CircuitState.OPEN);
    }

    private static CircuitState state(AIServiceResilience instance) {
        // An instance that has not called the operation yet has no breaker for it: closed.
        return instance.getCircuitBreaker("chat").map(breaker -> breaker.state()).orElse(CircuitState.CLOSED);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void aBreakerOpenedOnOneInstanceCostsAnotherThatAlsoFailsNoRequestAtAll(boolean async) {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        assertThatThrownBy(() -> call(b, async)).as("B's own first failure: below its threshold of 2")
                .isInstanceOf(ServiceUnavailableException.class);
        openOn(a);
        assertThat(hub.breakers).containsExactly("chat opened for 60000 ms");
        assertThat(state(b)).as("B has its own doubt: it opens at once, for what A has left").isEqualTo(CircuitState.OPEN);
        clock.advance(Duration.ofSeconds(59));
        int before = providerCalls.get();

        assertThatThrownBy(() -> call(b, async)).isInstanceOf(CircuitOpenException.class);

        assertThat(providerCalls).hasValue(before);
        assertThat(hub.breakers).as("not told back").hasSize(1);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void anotherInstanceWithoutAFailureOpensAtItsFirstOne(boolean async) {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        openOn(a);
        assertThat(state(b)).as("kept in reserve: B has no failure of its own").isEqualTo(CircuitState.CLOSED);
        clock.advance(Duration.ofSeconds(20));
        int before = providerCalls.get();

        assertThatThrownBy(() -> call(b, async)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(state(b)).as("one failure confirms A's opening").isEqualTo(CircuitState.OPEN);
        assertThatThrownBy(() -> call(b, async)).isInstanceOf(CircuitOpenException.class);
        assertThat(providerCalls.get() - before).as("one request, not B's threshold").isEqualTo(1);
        clock.advance(Duration.ofSeconds(40));
        providerDown = false;
        assertThat(call(b, async)).as("open for what A had left: 40 s").isEqualTo("ok");
    }

    @Test
    void anInstanceWhoseCallsSucceedIsNotOpenedByAnotherInstancesLocalFault() {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        openOn(a); // say A's own network is broken: only A's requests fail
        providerDown = false;
        assertThat(call(b, false)).isEqualTo("ok");

        providerDown = true;
        assertThatThrownBy(() -> call(b, false)).isInstanceOf(ServiceUnavailableException.class);

        assertThat(state(b)).as("B's success dropped A's opening; one failure is below B's threshold")
                .isEqualTo(CircuitState.CLOSED);
    }

    @ParameterizedTest(name = "async={0}")
    @ValueSource(booleans = {false, true})
    void theClusterSendsOneTrialPerOpenPeriodAndItsSuccessLetsTheOthersTryAtOnce(boolean async) {
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        openOn(a);
        assertThatThrownBy(() -> call(b, async)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(state(b)).isEqualTo(CircuitState.OPEN);
        clock.advance(OPEN); // both open periods are over: A's own, and B's, for what A had left
        int before = providerCalls.get();

        assertThatThrownBy(() -> call(a, async)).as("A claims the period's trial; the provider is still down")
                .isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> call(b, async)).as("B may not send one too").isInstanceOf(CircuitOpenException.class);
        assertThat(providerCalls.get() - before).isEqualTo(1);

        providerDown = false;
        clock.advance(OPEN);
        assertThat(call(a, async)).as("the next period's trial, A's again (B's period was restarted later)").isEqualTo("ok");
        assertThat(state(a)).isEqualTo(CircuitState.CLOSED);
        assertThat(hub.breakers).endsWith("chat closed");
        assertThat(state(b)).as("told by A's success").isEqualTo(CircuitState.HALF_OPEN);
        assertThat(call(b, async)).isEqualTo("ok");
        assertThat(state(b)).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void theClusterProbesOncePerIntervalAndATrialClaimedForAWholePeriodDoesNotSilenceTheProbes() {
        Duration interval = Duration.ofSeconds(1);
        config = CONFIG.toBuilder()
                .circuitBreaker(CONFIG.circuitBreaker().toBuilder().healthProbeInterval(interval).build())
                .build();
        AtomicInteger probes = new AtomicInteger();
        AIServiceResilience a = instance(hub.member());
        AIServiceResilience b = instance(hub.member());
        for (AIServiceResilience each : List.of(a, b)) {
            each.registerHealthProbe("chat", () -> {
                probes.incrementAndGet();
                return !providerDown;
            });
        }
        openOn(a);
        assertThatThrownBy(() -> call(b, false)).isInstanceOf(ServiceUnavailableException.class);
        assertThat(state(b)).isEqualTo(CircuitState.OPEN);
        for (int second = 0; second < 10; second++) {
            clock.advance(interval);
        }
        assertThat(probes).as("both instances probe, one of them per interval").hasValue(10);

        clock.advance(OPEN.minus(Duration.ofSeconds(10))); // a probe runs now and holds the interval's claim
        int before = providerCalls.get();
        assertThatThrownBy(() -> call(a, false)).as("A claims the period's trial, for a whole period; still down")
                .isExactlyInstanceOf(ServiceUnavailableException.class);
        assertThat(providerCalls.get() - before).as("the trial was sent: the probe's claim is not the trial's").isEqualTo(1);
        providerDown = false;
        clock.advance(interval);

        assertThat(List.of(state(a), state(b))).as("a probe saw the provider back within one interval")
                .contains(CircuitState.HALF_OPEN);
        AIServiceResilience probed = state(a) == CircuitState.HALF_OPEN ? a : b;
        assertThat(call(probed, false)).isEqualTo("ok");
        assertThat(call(probed == a ? b : a, false)).as("told by the trial's success").isEqualTo("ok");
    }

    @Test
    void anOpeningLearntFromAnotherInstanceIsNotToldBack() {
        AIServiceResilience a = instance(hub.member());
        assertThatThrownBy(() -> call(a, false)).isInstanceOf(ServiceUnavailableException.class);
        hub.breakerOpenedElsewhere("chat", Duration.ofSeconds(30));

        assertThat(state(a)).isEqualTo(CircuitState.OPEN);
        assertThat(hub.breakers).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> call(a, false)).isInstanceOf(CircuitOpenException.class);
        clock.advance(Duration.ofSeconds(1));
        providerDown = false;
        assertThat(call(a, false)).as("open for what the other had left, 30 s, not its own 60 s").isEqualTo("ok");
    }

    @Test
    void whenTheStoreFailsEachInstanceDecidesAlone() {
        InMemoryHub.Member member = hub.member();
        AIServiceResilience a = instance(member);
        AIServiceResilience b = instance(hub.member());
        member.failing = true;
        openOn(a); // sharing the opening throws: the calls end as they would have

        assertThat(state(b)).as("B never heard").isEqualTo(CircuitState.CLOSED);
        clock.advance(OPEN);
        hub.claims.put("chat", Long.MAX_VALUE); // another instance holds the trial, but A cannot ask
        assertThatThrownBy(() -> call(a, false)).as("A's own trial").isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void withoutSharedStateNothingIsClaimedOrTold() {
        AIServiceResilience a = instance(SharedState.none());
        AIServiceResilience b = instance(SharedState.none());
        openOn(a);

        assertThat(state(b)).isEqualTo(CircuitState.CLOSED);
        clock.advance(OPEN);
        assertThatThrownBy(() -> call(a, false)).isInstanceOf(ServiceUnavailableException.class);
    }
}
