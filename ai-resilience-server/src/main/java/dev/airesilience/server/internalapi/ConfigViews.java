package dev.airesilience.server.internalapi;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.ConfigKey;
import java.util.LinkedHashMap;
import java.util.Map;

/** The seed's snake_case shape of a {@link ResilienceConfig}. */
final class ConfigViews {

    private ConfigViews() {}

    static Map<String, Object> of(ResilienceConfig config) {
        RetryConfig retry = config.retry();
        Map<String, Object> retryView = new LinkedHashMap<>();
        retryView.put("max_attempts", retry.maxAttempts());
        retryView.put("max_delay_seconds", ConfigKey.jsonSeconds(retry.maxDelay()));
        retryView.put("exponential_multiplier", ConfigKey.jsonSeconds(retry.exponentialMultiplier()));
        retryView.put("exponential_min", ConfigKey.jsonSeconds(retry.exponentialMin()));
        retryView.put("exponential_max", ConfigKey.jsonSeconds(retry.exponentialMax()));
        retryView.put("jitter", retry.jitter());
        retryView.put("jitter_max", ConfigKey.jsonSeconds(retry.jitterMax()));
        Map<String, Object> breaker = new LinkedHashMap<>();
        breaker.put("failure_threshold", config.circuitBreaker().failureThreshold());
        breaker.put("recovery_timeout", ConfigKey.jsonSeconds(config.circuitBreaker().recoveryTimeout()));
        breaker.put("half_open_max_calls", config.circuitBreaker().halfOpenMaxCalls());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("strategy", config.strategy().wireName());
        view.put("retry_config", retryView);
        view.put("circuit_breaker_config", breaker);
        view.put("enable_circuit_breaker", config.enableCircuitBreaker());
        view.put("enable_retry", config.enableRetry());
        return view;
    }
}
