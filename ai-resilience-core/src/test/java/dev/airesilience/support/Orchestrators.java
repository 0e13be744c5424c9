package dev.airesilience.support;

import java.time.Duration;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.time.ManualClock;
import java.util.Random;

/** Orchestrators and configurations for tests: virtual time, seeded jitter. */
public final class Orchestrators {

    private Orchestrators() {}

    public static AIServiceResilience virtual(ManualClock clock) {
        return AIServiceResilience.builder().clock(clock).random(new Random(42)).build();
    }

    /** No jitter, 1 s, 2 s, 4 s... up to 10 s; 60 s budget; breaker after {@code threshold} failures, 30 s open. */
    public static ResilienceConfig config(int attempts, int threshold) {
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
