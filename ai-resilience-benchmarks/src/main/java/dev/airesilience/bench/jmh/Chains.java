package dev.airesilience.bench.jmh;

import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;

/**
 * The peers, hand-composed the way their documentation recommends ({@code Retry(CircuitBreaker(call))}) and
 * configured like our BALANCED strategy: 3 attempts, a breaker that opens after 5 consecutive failures and
 * stays open 60 s, one half-open trial call. Only transient AI failures are retried or counted; permanent ones
 * and rate limits are neither, as in our orchestrator.
 */
final class Chains {

    static final int MAX_ATTEMPTS = 3;
    static final int FAILURE_THRESHOLD = 5;

    private Chains() {}

    static boolean countsAsFailure(Throwable failure) {
        return failure instanceof TransientAIException && !(failure instanceof RateLimitException);
    }

    static Retry r4jRetry(String name, Duration wait) {
        return Retry.of(name, RetryConfig.custom()
                .maxAttempts(MAX_ATTEMPTS)
                .waitDuration(wait)
                .retryOnException(failure -> failure instanceof TransientAIException)
                .build());
    }

    static io.github.resilience4j.circuitbreaker.CircuitBreaker r4jBreaker(String name, Duration openFor) {
        return io.github.resilience4j.circuitbreaker.CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(FAILURE_THRESHOLD)
                .minimumNumberOfCalls(FAILURE_THRESHOLD)
                .failureRateThreshold(100f)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(Chains::countsAsFailure)
                .ignoreExceptions(PermanentAIException.class)
                // Our rejections are stackless too; without this Resilience4j fills a stack trace per rejection.
                .writableStackTraceEnabled(false)
                .build());
    }

    static RetryPolicy<Object> failsafeRetry(Duration delay) {
        var builder = RetryPolicy.builder()
                .handleIf(failure -> failure instanceof TransientAIException)
                .withMaxAttempts(MAX_ATTEMPTS);
        return delay.isZero() ? builder.build() : builder.withDelay(delay).build();
    }

    static CircuitBreaker<Object> failsafeBreaker(Duration openFor) {
        return CircuitBreaker.builder()
                .handleIf(Chains::countsAsFailure)
                .withFailureThreshold(FAILURE_THRESHOLD)
                .withSuccessThreshold(1)
                .withDelay(openFor)
                .build();
    }

    static FailsafeExecutor<Object> failsafe(RetryPolicy<Object> retry, CircuitBreaker<Object> breaker) {
        // Failsafe composes outside-in: the retry policy wraps the breaker.
        return Failsafe.with(retry, breaker);
    }
}
