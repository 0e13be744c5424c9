package dev.airesilience.circuit;

import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our breaker settings described in Resilience4j's terms, for tools that read {@code getCircuitBreakerConfig()}: a
 * count-based window of {@code failureThreshold} calls at 100% is exactly "N consecutive failures"; the rate mode is
 * Resilience4j's own rule, described as it is. Descriptions only; {@link OperationBreaker} decides.
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
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.Builder builder =
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .waitIntervalFunctionInOpenState(RecoveryInterval.describe(config))
                        .permittedNumberOfCallsInHalfOpenState(config.halfOpenMaxCalls())
                        .automaticTransitionFromOpenToHalfOpenEnabled(false);
        if (config.mode() == BreakerMode.FAILURE_RATE) {
            boolean time = config.slidingWindowType() == dev.airesilience.config.SlidingWindowType.TIME;
            builder.slidingWindowType(time ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(time ? (int) config.slidingWindowDuration().getSeconds() : config.slidingWindowSize())
                    .minimumNumberOfCalls(config.minimumNumberOfCalls())
                    .failureRateThreshold(config.failureRateThreshold())
                    .slowCallRateThreshold(config.slowCallRateThreshold())
                    .slowCallDurationThreshold(config.slowCallDurationThreshold() == null
                            ? NEVER_SLOW : config.slowCallDurationThreshold());
        } else {
            builder.slidingWindowType(SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(config.failureThreshold())
                    .minimumNumberOfCalls(config.failureThreshold())
                    .failureRateThreshold(100f)
                    .slowCallRateThreshold(100f)
                    .slowCallDurationThreshold(NEVER_SLOW);
        }
        io.github.resilience4j.circuitbreaker.CircuitBreakerConfig described = builder.build();
        if (CACHE.size() < MAX_CACHED) {
            CACHE.putIfAbsent(config, described);
        }
        return described;
    }
}
