package dev.airesilience.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.time.ManualClock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code registerOperationConfig}: one operation's own configuration, used by the Spring Boot starter. */
class RegisteredOperationConfigTest {

    private static final ResilienceConfig FOUR_ATTEMPTS = ResilienceStrategy.BALANCED.config().toBuilder()
            .retry(ResilienceStrategy.BALANCED.config().retry().toBuilder().maxAttempts(4).build()).build();

    @Test
    void aRegisteredConfigIsWhatTheOperationRunsWithAndRuntimeUpdatesDoNotChangeIt() {
        ManualClock clock = new ManualClock();
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock)
                .settings(ResilienceSettings.defaults()).build();
        resilience.registerOperationConfig("chat", FOUR_ATTEMPTS);
        resilience.updateConfiguration("{\"retry_attempts\": 2}");

        assertThat(resilience.getOperationConfig("chat")).isEqualTo(FOUR_ATTEMPTS);
        assertThat(resilience.getOperationConfig("other").retry().maxAttempts()).isEqualTo(2);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> resilience.withOperationResilience("chat").call(() -> {
            attempts.incrementAndGet();
            throw new TransientAIException("timeout");
        }));
        assertThat(attempts).hasValue(4);
    }

    @Test
    void registeringAStrategyAfterwardsReplacesTheConfigAndViceVersa() {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build();
        resilience.registerOperationConfig("chat", FOUR_ATTEMPTS);
        resilience.registerOperation("chat", ResilienceStrategy.CRITICAL);
        assertThat(resilience.getOperationConfig("chat").retry())
                .isEqualTo(ResilienceStrategy.CRITICAL.config().retry());

        resilience.registerOperationConfig("chat", FOUR_ATTEMPTS);
        assertThat(resilience.getOperationConfig("chat")).isEqualTo(FOUR_ATTEMPTS);
    }

    @Test
    void anExplicitStrategyStillWinsOverTheRegisteredConfig() {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock()).build();
        resilience.registerOperationConfig("chat", FOUR_ATTEMPTS);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> resilience.withResilience("chat", ResilienceStrategy.AGGRESSIVE).call(() -> {
            attempts.incrementAndGet();
            throw new TransientAIException("timeout");
        }));
        assertThat(attempts).hasValue(ResilienceStrategy.AGGRESSIVE.config().retry().maxAttempts());
    }
}
