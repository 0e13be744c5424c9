package dev.airesilience.adapter.testkit;

import java.time.Duration;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.time.ManualClock;

/** The orchestrator the adapter tests run: virtual time, deterministic backoff. */
public final class Scenarios {

    private Scenarios() {}

    /**
     * 3 attempts, backoff 0.5 s (no jitter) so that a provider's Retry-After of 2 s shows as exactly one 2 s
     * sleep, a 30 s budget, and a breaker that opens after one failed call: any transient failure that reaches it
     * opens it, so a closed breaker after a 429 proves the 429 was not counted.
     */
    public static ResilienceConfig config() {
        return ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(30)).exponentialMultiplier(Duration.ofMillis(500))
                        .exponentialMin(Duration.ofMillis(500)).exponentialMax(Duration.ofSeconds(5)).jitter(false).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(1).recoveryTimeout(Duration.ofSeconds(60)).build())
                .build();
    }

    /** An orchestrator on {@code clock} whose operations {@code names} run {@link #config()}. */
    public static AIServiceResilience resilience(ManualClock clock, String... names) {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).build();
        for (String name : names) {
            resilience.registerOperationConfig(name, config());
        }
        return resilience;
    }
}
