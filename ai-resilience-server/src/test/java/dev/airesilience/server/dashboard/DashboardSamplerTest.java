package dev.airesilience.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sampler reads the core's real counters on its injected scheduler; the window follows what happens now. */
class DashboardSamplerTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).build();
    private final DashboardSettings settings = new DashboardSettings(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 50);
    private final DashboardSampler sampler = new DashboardSampler(resilience, clock, clock, settings);

    @AfterEach
    void close() {
        sampler.close();
        resilience.close();
    }

    private final ResilienceDecorator<String> chat = resilience.withResilience("chat", null, ResilienceConfig.builder()
            .retry(RetryConfig.builder().maxAttempts(1).build())
            .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(100).build()).build(), null);

    private void seconds(int seconds, boolean succeed) throws Exception {
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < 5; i++) {
                if (succeed) {
                    chat.call(() -> "ok");
                } else {
                    catchThrowable(() -> chat.call(() -> {
                        throw new TransientAIException("down");
                    }));
                }
            }
            clock.advance(Duration.ofSeconds(1)); // runs the sampler's scheduled tick
        }
    }

    @Test
    void theRollingRateFallsDuringAnOutageAndRecoversAfterIt() throws Exception {
        sampler.start();
        seconds(10, true);
        assertThat(sampler.window("chat").window(settings.window().toNanos()).successRate()).isEqualTo(100.0);

        seconds(5, false);
        RollingWindow.Stats outage = sampler.window("chat").window(settings.window().toNanos());
        assertThat(outage.successRate()).isEqualTo(50.0);
        assertThat(outage.requestsPerSecond()).isEqualTo(5.0);

        seconds(10, true);
        assertThat(sampler.window("chat").window(settings.window().toNanos()).successRate()).isEqualTo(100.0);
        assertThat(resilience.getMetrics("chat").successRate()).as("lifetime").isLessThan(100.0);
    }

    @Test
    void closingStopsTheSampling() throws Exception {
        sampler.start();
        seconds(3, true);
        int before = sampler.window("chat").size();
        sampler.close();
        seconds(3, true);
        assertThat(sampler.window("chat").size()).isEqualTo(before);
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void settingsOutOfRangeNameTheFieldTheRangeAndTheValue() {
        assertThatThrownBy(() -> new DashboardSettings(Duration.ofMillis(500), null, null, null))
                .hasMessage("airesilience.dashboard.window must be between PT1S and PT1H, got PT0.5S");
        assertThatThrownBy(() -> new DashboardSettings(null, null, null, 5))
                .hasMessage("airesilience.dashboard.timeline-size must be between 10 and 10000, got 5");
        assertThatThrownBy(() -> new DashboardSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), null, null))
                .hasMessageContaining("window must be at least twice the sample-interval");
    }
}
