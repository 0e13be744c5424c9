package dev.airesilience.server;

import java.time.Duration;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The seed's strategy table with its attempt counts and breaker thresholds, but 0.1 s backoff without jitter and
 * a 2 s recovery timeout, so end-to-end tests stay fast. Replaces the service's orchestrator bean.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FastResilience {

    /** Attempts and breaker threshold per strategy, as in the seed's table. */
    static final Map<ResilienceStrategy, int[]> TABLE = Map.of(
            ResilienceStrategy.AGGRESSIVE, new int[] {2, 3},
            ResilienceStrategy.BALANCED, new int[] {3, 5},
            ResilienceStrategy.CONSERVATIVE, new int[] {5, 8},
            ResilienceStrategy.CRITICAL, new int[] {7, 10});

    @Bean(destroyMethod = "close")
    AIServiceResilience aiServiceResilience() {
        AIServiceResilience.Builder builder = AIServiceResilience.builder();
        TABLE.forEach((strategy, numbers) -> builder.strategyConfig(strategy, ResilienceConfig.builder()
                .strategy(strategy)
                .retry(RetryConfig.builder().maxAttempts(numbers[0]).maxDelay(Duration.ofSeconds(30)).exponentialMultiplier(Duration.ofMillis(100))
                        .exponentialMin(Duration.ofMillis(100)).exponentialMax(Duration.ofSeconds(1)).jitter(false).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(numbers[1]).recoveryTimeout(Duration.ofSeconds(2))
                        .halfOpenMaxCalls(1).build())
                .build()));
        return builder.build();
    }
}
