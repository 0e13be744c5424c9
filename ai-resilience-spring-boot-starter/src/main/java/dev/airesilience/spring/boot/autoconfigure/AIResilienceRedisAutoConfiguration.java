package dev.airesilience.spring.boot.autoconfigure;

import dev.airesilience.redis.RedisSharedState;
import dev.airesilience.shared.SharedState;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Shares the orchestrator's cooldowns and runtime configuration with the other instances of the service over Redis,
 * when {@code ai-resilience-redis} is on the class path and {@code ai.resilience.redis.url} is set (the service sets
 * it from {@code REDIS_URL}). Without a URL nothing is shared. The orchestrator closes the shared state.
 */
@AutoConfiguration(before = AIResilienceAutoConfiguration.class)
@ConditionalOnClass(RedisSharedState.class)
@ConditionalOnBooleanProperty(name = "ai.resilience.enabled", matchIfMissing = true)
public class AIResilienceRedisAutoConfiguration {

    static final String PREFIX = "ai.resilience.redis.";

    @Bean
    @ConditionalOnMissingBean(SharedState.class)
    public SharedState aiResilienceSharedState(Environment environment) {
        String url = environment.getProperty(PREFIX + "url", "").trim();
        if (url.isEmpty()) {
            return SharedState.none();
        }
        RedisSharedState.Builder builder = RedisSharedState.builder(url);
        String prefix = environment.getProperty(PREFIX + "key-prefix");
        if (prefix != null && !prefix.isBlank()) {
            builder.keyPrefix(prefix.trim());
        }
        String timeout = environment.getProperty(PREFIX + "command-timeout");
        if (timeout != null && !timeout.isBlank()) {
            Duration parsed;
            try {
                parsed = DurationStyle.detectAndParse(timeout.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + "command-timeout must be a duration such as 250ms, got '"
                        + timeout + "'", e);
            }
            builder.commandTimeout(parsed);
        }
        return builder.build();
    }
}
