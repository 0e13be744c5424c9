package dev.airesilience.spring.boot;

import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceRedisAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.redis.RedisServer;
import dev.airesilience.redis.RedisSharedState;
import dev.airesilience.shared.SharedState;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code ai.resilience.redis.url} makes the orchestrator share its state through a real {@code redis-server}; without
 * it nothing is shared; a bad setting fails startup naming the property.
 */
class AIResilienceRedisAutoConfigurationTest {

    private static RedisServer redis;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceRedisAutoConfiguration.class,
                    AIResilienceAutoConfiguration.class));

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void withoutAUrlNothingIsShared() {
        runner.withPropertyValues("ai.resilience.redis.url=").run(context -> {
            assertThat(context.getBean(SharedState.class)).isSameAs(SharedState.none());
            assertThat(context.getBean(AIServiceResilience.class).getHealthStatus().sharedState()).isNull();
        });
    }

    @Test
    void twoApplicationsOnOneRedisShareARuntimeUpdate() {
        String[] properties = {"ai.resilience.redis.url=" + redis.url(), "ai.resilience.redis.key-prefix=starter-test:",
                "ai.resilience.redis.command-timeout=500ms"};
        runner.withPropertyValues(properties).run(first -> runner.withPropertyValues(properties).run(second -> {
            assertThat(first.getBean(SharedState.class)).isInstanceOf(RedisSharedState.class);
            AIServiceResilience a = first.getBean(AIServiceResilience.class);
            AIServiceResilience b = second.getBean(AIServiceResilience.class);

            a.updateConfiguration("{\"retry_attempts\": 5}");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (b.getConfiguration().configForStrategy(ResilienceStrategy.BALANCED).retry().maxAttempts() != 5) {
                assertThat(System.nanoTime()).as("the update to reach the second application").isLessThan(deadline);
                Thread.sleep(10); // Redis answers on its own threads: poll until the update has arrived
            }
            assertThat(b.getHealthStatus().sharedState()).isEqualTo("available");
        }));
    }

    @Test
    void aBadUrlFailsStartupNamingIt() {
        runner.withPropertyValues("ai.resilience.redis.url=http://localhost:6379").run(context ->
                assertThat(context).getFailure()
                        .hasStackTraceContaining("url must start with redis:// or rediss://"));
        runner.withPropertyValues("ai.resilience.redis.url=" + redis.url(), "ai.resilience.redis.command-timeout=soon")
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("ai.resilience.redis.command-timeout must be a duration"));
    }
}
