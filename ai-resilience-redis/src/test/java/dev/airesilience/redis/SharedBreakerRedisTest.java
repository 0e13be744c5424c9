package dev.airesilience.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two orchestrators sharing breaker state through a real {@code redis-server}: an opening on one stops the other's
 * calls as soon as the message arrives (the other has a failure of its own); after the open period the two send one trial between them (claimed in
 * Redis); a successful trial on one lets the other try at once; with Redis killed each decides alone. The breakers
 * run on one virtual clock; the trial claim expires in Redis's real time, so the open period is short (200 ms).
 */
class SharedBreakerRedisTest {

    private static final Duration OPEN = Duration.ofMillis(200);
    private static final ResilienceConfig CONFIG = ResilienceConfig.builder()
            .retry(RetryConfig.builder().maxAttempts(1).maxDelay(Duration.ofSeconds(10)).jitter(false).build())
            .circuitBreaker(new CircuitBreakerConfig(2, OPEN, 1))
            .build();
    private static RedisServer redis;

    private final String prefix = "breaker-" + UUID.randomUUID() + ":";
    private final ManualClock clock = new ManualClock();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final AtomicInteger providerCalls = new AtomicInteger();
    private volatile boolean providerDown = true;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeInstances() throws Exception {
        for (AutoCloseable instance : closing) {
            instance.close();
        }
    }

    private AIServiceResilience instance() {
        RedisSharedState shared = RedisSharedState.builder(redis.url()).keyPrefix(prefix)
                .reconnectInterval(Duration.ofMillis(50)).build();
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).sharedState(shared).build();
        closing.add(resilience);
        Await.until(shared::available, "the instance to reach Redis");
        return resilience;
    }

    private String call(AIServiceResilience instance) {
        return instance.operation("chat").config(CONFIG).call(() -> {
            providerCalls.incrementAndGet();
            if (providerDown) {
                throw new ServiceUnavailableException("HTTP 503", null, 503);
            }
            return "ok";
        });
    }

    private static CircuitState state(AIServiceResilience instance) {
        return instance.getCircuitBreaker("chat").map(breaker -> breaker.state()).orElse(CircuitState.CLOSED);
    }

    private void openOn(AIServiceResilience instance) {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> call(instance)).isInstanceOf(ServiceUnavailableException.class);
        }
        assertThat(state(instance)).isEqualTo(CircuitState.OPEN);
    }

    private boolean trialClaimed() {
        try {
            return redis.command("EXISTS " + prefix + "trial:chat").equals(":1");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oneInstanceWinsEachClaimAndTrialsAndProbesAreClaimedApart() {
        RedisSharedState a = store();
        RedisSharedState b = store();
        Duration period = Duration.ofSeconds(30);

        assertThat(a.claimTrial("chat", period)).isTrue();
        assertThat(b.claimTrial("chat", period)).as("A holds this period's trial").isFalse();
        assertThat(a.claimTrial("chat", period)).as("the holder, asking again").isTrue();
        assertThat(b.claimProbe("chat", Duration.ofSeconds(1))).as("a probe is claimed apart from the trial").isTrue();
        assertThat(a.claimProbe("chat", Duration.ofSeconds(1))).isFalse();
        assertThat(b.claimTrial("other", period)).as("per operation").isTrue();
    }

    private RedisSharedState store() {
        RedisSharedState shared = RedisSharedState.builder(redis.url()).keyPrefix(prefix).build();
        closing.add(shared);
        shared.start(new dev.airesilience.shared.SharedState.Sink() {
            @Override
            public void cooldown(String operation, Duration remaining) {}

            @Override
            public void configuration(String document) {}
        });
        Await.until(shared::available, "the store to reach Redis");
        return shared;
    }

    @Test
    void oneOpeningStopsBothOneTrialRecoversBoth() {
        AIServiceResilience a = instance();
        AIServiceResilience b = instance();
        assertThatThrownBy(() -> call(b)).as("B's own doubt").isInstanceOf(ServiceUnavailableException.class);
        openOn(a);
        Await.until(() -> state(b) == CircuitState.OPEN, "B to hear that A's breaker opened");
        int before = providerCalls.get();
        assertThatThrownBy(() -> call(b)).isInstanceOf(CircuitOpenException.class);
        assertThat(providerCalls).as("B sent nothing").hasValue(before);

        clock.advance(OPEN);
        assertThatThrownBy(() -> call(a)).as("A's trial: still down").isInstanceOf(ServiceUnavailableException.class);
        assertThatThrownBy(() -> call(b)).as("the period's trial was A's").isInstanceOf(CircuitOpenException.class);
        assertThat(providerCalls.get() - before).isEqualTo(1);

        providerDown = false;
        Await.until(() -> !trialClaimed(), "A's claim to expire in Redis");
        // B's own period ends with A's, and a breaker whose period has ended reports itself half-open: what B heard
        // shows in its transition event (from OPEN, made by A's message), not in its state.
        java.util.concurrent.atomic.AtomicBoolean heard = new java.util.concurrent.atomic.AtomicBoolean();
        b.addListener(new dev.airesilience.event.ResilienceListener() {
            @Override
            public void onCircuitStateChange(dev.airesilience.event.CircuitStateChangeEvent event) {
                if (event.to() == CircuitState.HALF_OPEN) {
                    heard.set(true);
                }
            }
        });
        clock.advance(OPEN);
        assertThat(call(a)).isEqualTo("ok");
        Await.until(heard::get, "B to hear that A's trial succeeded");
        assertThat(call(b)).isEqualTo("ok");
        assertThat(state(b)).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void withRedisKilledEachInstanceOpensAndTriesAlone() throws Exception {
        AIServiceResilience a = instance();
        AIServiceResilience b = instance();
        redis.stop();
        try {
            Await.until(() -> a.isSharedStateAvailable().equals(java.util.Optional.of(false))
                    && b.isSharedStateAvailable().equals(java.util.Optional.of(false)), "both to notice");
            openOn(a);
            assertThat(state(b)).as("B cannot hear it").isEqualTo(CircuitState.CLOSED);
            clock.advance(OPEN);
            int before = providerCalls.get();
            assertThatThrownBy(() -> call(a)).as("A's own trial, unclaimed").isInstanceOf(ServiceUnavailableException.class);
            assertThat(providerCalls.get() - before).isEqualTo(1);
        } finally {
            redis.startProcess();
        }
    }
}
