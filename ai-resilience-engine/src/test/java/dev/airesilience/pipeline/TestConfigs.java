package dev.airesilience.pipeline;

import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import java.time.Duration;

final class TestConfigs {

    private TestConfigs() {}

    /** No jitter, 1 s, 2 s, 4 s... up to 10 s; 60 s budget; breaker after {@code threshold} failures, 30 s open. */
    static ResilienceConfig config(int attempts, int threshold) {
        return ResilienceConfig.builder()
                .strategy(ResilienceStrategy.BALANCED)
                .retry(RetryConfig.builder()
                        .maxAttempts(attempts)
                        .maxDelay(Duration.ofSeconds(60))
                        .exponentialMultiplier(Duration.ofSeconds(1))
                        .exponentialMin(Duration.ofSeconds(1))
                        .exponentialMax(Duration.ofSeconds(10))
                        .jitter(false)
                        .build())
                .circuitBreaker(new CircuitBreakerConfig(threshold, Duration.ofSeconds(30), 1))
                .build();
    }
}
