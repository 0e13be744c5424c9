package dev.airesilience.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The timeline as fed by a real orchestrator's events, in virtual time: transitions in order, rejections coalesced
 * with the right reason, and a provider's Retry-After as a cooldown counting down.
 */
class DashboardListenerTest {

    private final ManualClock clock = new ManualClock();
    private final Timeline timeline = new Timeline(clock, 100);
    private final List<Timeline.Cooldown> cooldownAtRetry = new ArrayList<>();
    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(clock)
            .listener(new DashboardListener(timeline))
            // Registered after the dashboard's listener: sees the cooldown as the retry starts waiting.
            .listener(new ResilienceListener() {
                @Override
                public void onRetry(RetryEvent event) {
                    cooldownAtRetry.add(timeline.cooldown(event.operation()));
                }
            })
            .build();

    @AfterEach
    void close() {
        resilience.close();
    }

    private ResilienceDecorator<String> operation(String name, int attempts, int budgetSeconds) {
        return resilience.withResilience(name, null, ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(attempts).maxDelay(Duration.ofSeconds(budgetSeconds)).jitter(false).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).recoveryTimeout(Duration.ofSeconds(10)).build())
                .build(), null);
    }

    @Test
    void anOutageIsAnOpeningARunOfRejectionsAndARecovery() throws Exception {
        ResilienceDecorator<String> chat = operation("chat", 1, 30);
        for (int i = 0; i < 2; i++) {
            assertThat(catchThrowable(() -> chat.call(() -> {
                throw new TransientAIException("down");
            }))).isInstanceOf(TransientAIException.class);
        }
        for (int i = 0; i < 3; i++) {
            catchThrowable(() -> chat.call(() -> "never runs"));
            clock.advance(Duration.ofSeconds(1));
        }

        List<Timeline.Entry> newest = timeline.newest(10);
        assertThat(newest).extracting(Timeline.Entry::kind).containsExactly("rejection", "transition");
        assertThat(newest.get(0).reason()).isEqualTo(Timeline.CIRCUIT_OPEN);
        assertThat(newest.get(0).count()).isEqualTo(3);
        assertThat(newest.get(1).from()).isEqualTo("closed");
        assertThat(newest.get(1).to()).isEqualTo("open");
        assertThat(timeline.activeRejection("chat")).isNotNull();

        clock.advance(Duration.ofSeconds(7)); // 10 s after opening; the run has paused longer than RUN_GAP
        assertThat(timeline.activeRejection("chat")).isNull();
        assertThat(chat.call(() -> "back")).isEqualTo("back");

        assertThat(timeline.newest(10)).extracting(e -> e.kind() + ":" + e.from() + ">" + e.to())
                .startsWith("transition:half-open>closed", "transition:open>half-open", "rejection:null>null");
    }

    @Test
    void aRetryAfterIsACooldownThatCountsDownInVirtualTime() throws Exception {
        ResilienceDecorator<String> chat = operation("chat", 2, 30);
        AtomicInteger attempts = new AtomicInteger();

        String answer = chat.call(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new RateLimitException("slow down", Duration.ofSeconds(3));
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(cooldownAtRetry).hasSize(1);
        assertThat(cooldownAtRetry.get(0).remainingMillis()).isEqualTo(3_000);
        assertThat(timeline.cooldown("chat")).as("over once the call has waited it out").isNull();
        Timeline.Entry entry = timeline.newest(1).get(0);
        assertThat(entry.kind()).isEqualTo("rate_limit");
        assertThat(entry.retryAfterMillis()).isEqualTo(3_000);
    }

    @Test
    void aCallRejectedByACooldownThatOutlastsItsBudgetIsARateLimitRejection() throws Exception {
        ResilienceDecorator<String> chat = operation("chat", 3, 10);
        // 60 s is past the 10 s budget: the call gives up at once, but the cooldown holds the operation.
        assertThat(catchThrowable(() -> chat.call(() -> {
            throw new RateLimitException("slow down", Duration.ofSeconds(60));
        }))).isInstanceOf(RateLimitException.class);

        assertThat(catchThrowable(() -> chat.call(() -> "never runs"))).isInstanceOf(RateLimitException.class);

        Timeline.Entry entry = timeline.newest(1).get(0);
        assertThat(entry.kind()).isEqualTo("rejection");
        assertThat(entry.reason()).isEqualTo(Timeline.RATE_LIMITED);
        assertThat(timeline.activeRejection("chat")).isNotNull();
    }

    @Test
    void theTimelineKeepsItsCapacityNewestFirst() {
        Timeline small = new Timeline(clock, 10);
        for (int i = 0; i < 30; i++) {
            small.transition("op" + i, CircuitState.CLOSED, CircuitState.OPEN, clock.now());
        }

        List<Timeline.Entry> kept = small.newest(100);
        assertThat(kept).hasSize(10);
        assertThat(kept.get(0).operation()).isEqualTo("op29");
        assertThat(kept.get(9).operation()).isEqualTo("op20");
    }

    @Test
    void rejectionsOfTwoOperationsAreSeparateRunsAndATransitionEndsARun() {
        timeline.rejection("a", Timeline.CIRCUIT_OPEN);
        timeline.rejection("b", Timeline.CIRCUIT_OPEN);
        timeline.rejection("a", Timeline.CIRCUIT_OPEN);
        timeline.transition("a", CircuitState.CLOSED, CircuitState.OPEN, clock.now());
        timeline.rejection("a", Timeline.CIRCUIT_OPEN);

        assertThat(timeline.newest(10)).extracting(e -> e.operation() + ":" + e.kind() + ":" + e.count())
                .containsExactly("a:rejection:1", "a:transition:1", "b:rejection:1", "a:rejection:2");
    }
}
