package dev.airesilience.circuit;

import dev.airesilience.config.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our breaker settings described in Resilience4j's terms, for tools that read {@code getCircuitBreakerConfig()}: a
 * count-based window of {@code failureThreshold} calls at 100% is exactly "N consecutive failures". Descriptions only;
 * {@link OperationBreaker} decides.
 */
final class Resilience4jConfigs {

    /** Slow calls are not failures for us: LLM generations are legitimately long. */
    private static final Duration NEVER_SLOW = Duration.ofDays(3650);
    /** Distinct breaker configurations are few; beyond this many, descriptions are no longer cached. */
    private static final int MAX_CACHED = 64;
    private static final ConcurrentHashMap<CircuitBreakerConfig, io.github.resilience4j.circuitbreaker.CircuitBreakerConfig> CACHE =
            new ConcurrentHashMap<>();

    private Resilience4jConfigs() {}

    static io.github.resilience4j.circuitbreaker.CircuitBreakerConfig describe(CircuitBreakerConfig config) {
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig cached = CACHE.get(config);
        if (cached != null) {
            return cached;
        }
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig described =
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .slidingWindowType(SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(config.failureThreshold())
                        .minimumNumberOfCalls(config.failureThreshold())
                        .failureRateThreshold(100f)
                        .slowCallRateThreshold(100f)
                        .slowCallDurationThreshold(NEVER_SLOW)
                        .waitDurationInOpenState(config.recoveryTimeout())
                        .permittedNumberOfCallsInHalfOpenState(config.halfOpenMaxCalls())
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build();
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(config, described);
        }
        return described;
    }
}
