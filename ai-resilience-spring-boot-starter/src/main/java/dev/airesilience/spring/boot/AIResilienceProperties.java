package dev.airesilience.spring.boot;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.SlidingWindowType;
import dev.airesilience.config.TargetSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ai.resilience.*} properties. They are mapped onto the core configuration (preset, custom JSON
 * document, runtime updates), which validates them; there is no second configuration model. Every name under
 * {@code ai.resilience} is checked at startup: an unknown or misspelt one fails it, with the nearest valid name.
 */
@ConfigurationProperties("ai.resilience")
public class AIResilienceProperties {

    /** Whether to auto-configure the orchestrator and its integrations. */
    private boolean enabled = true;

    /** Base preset: simple, development or production. Defaults to simple when other settings are given. */
    private String preset;

    /**
     * Custom configuration keys laid over the preset, as one JSON string ({"retry_attempts": 4}) or as nested
     * properties (custom-config.retry-attempts=4; use brackets for operation names with underscores).
     */
    private String customConfig;

    /**
     * Whether an invalid custom-config or legacy value fails startup. Off by default, as in the seed: the
     * orchestrator starts on the preset without the invalid settings, logs them at ERROR, records a config_error
     * event and lists them in the health details.
     */
    private boolean strictConfiguration;

    /**
     * Per-operation settings by operation name: its strategy, any configuration key, and its route (targets,
     * selection, context-length-target, content-policy-target). A name with a dot (the default {@code Type.method}
     * of {@code @Resilient}) goes in brackets: {@code operations[Type.method].strategy}.
     */
    private Map<String, Operation> operations = new LinkedHashMap<>();

    /** Cap on distinct operation names (each has its own breaker and metrics). */
    private int maxOperations = AIServiceResilience.DEFAULT_MAX_OPERATIONS;

    /** JSON file of configuration keys applied at startup as a runtime update. */
    private Path configFile;

    private final ConfigWatch configWatch = new ConfigWatch();

    private final Health health = new Health();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPreset() {
        return preset;
    }

    public boolean isStrictConfiguration() {
        return strictConfiguration;
    }

    public void setStrictConfiguration(boolean strictConfiguration) {
        this.strictConfiguration = strictConfiguration;
    }

    public void setPreset(String preset) {
        this.preset = preset;
    }

    public String getCustomConfig() {
        return customConfig;
    }

    public void setCustomConfig(String customConfig) {
        this.customConfig = customConfig;
    }

    public Map<String, Operation> getOperations() {
        return operations;
    }

    public void setOperations(Map<String, Operation> operations) {
        this.operations = operations;
    }

    public int getMaxOperations() {
        return maxOperations;
    }

    public void setMaxOperations(int maxOperations) {
        this.maxOperations = maxOperations;
    }

    public Path getConfigFile() {
        return configFile;
    }

    public void setConfigFile(Path configFile) {
        this.configFile = configFile;
    }

    public ConfigWatch getConfigWatch() {
        return configWatch;
    }

    public Health getHealth() {
        return health;
    }

    /** Watching {@code config-file} for changes. */
    public static class ConfigWatch {

        /** Whether to re-apply config-file whenever its content changes (an invalid edit is logged and ignored). */
        private boolean enabled;

        /** How often config-file is checked for changes. */
        private Duration pollInterval = Duration.ofSeconds(5);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }
    }

    /** The actuator health indicator. */
    public static class Health {

        /**
         * Health status reported while any circuit is open. CIRCUIT_OPEN (HTTP 200) keeps a provider outage from
         * getting pods restarted; set DOWN to fail the health check instead.
         */
        private String openCircuitStatus = "CIRCUIT_OPEN";

        /** Health status reported while a circuit is half-open (and none is open). */
        private String halfOpenCircuitStatus = "CIRCUIT_HALF_OPEN";

        public String getOpenCircuitStatus() {
            return openCircuitStatus;
        }

        public void setOpenCircuitStatus(String openCircuitStatus) {
            this.openCircuitStatus = openCircuitStatus;
        }

        public String getHalfOpenCircuitStatus() {
            return halfOpenCircuitStatus;
        }

        public void setHalfOpenCircuitStatus(String halfOpenCircuitStatus) {
            this.halfOpenCircuitStatus = halfOpenCircuitStatus;
        }
    }

    /** One operation's settings; every key left unset keeps the value the operation resolves to. */
    public static class Operation {

        /** The operation's strategy (added to the custom configuration's operation_overrides). */
        private ResilienceStrategy strategy;

        /** Attempts per call, 1-20 (retry_attempts). */
        private Integer retryAttempts;

        /** Total time budget of a call in seconds, 0.001-3600 (max_delay_seconds). */
        private Double maxDelaySeconds;

        /** First exponential delay in seconds, doubled per attempt, 0.001-10 (exponential_multiplier). */
        private Double exponentialMultiplier;

        /** Shortest backoff in seconds, 0-60 (exponential_min). */
        private Double exponentialMin;

        /** Longest backoff in seconds, 0.001-3600 (exponential_max). */
        private Double exponentialMax;

        /** Whether random jitter is added to the backoff (jitter_enabled). */
        private Boolean jitterEnabled;

        /** Largest jitter in seconds, 0-60 (jitter_max). */
        private Double jitterMax;

        /** Failures that open the circuit, 1-100 (circuit_breaker_threshold). */
        private Integer circuitBreakerThreshold;

        /** Seconds an open circuit waits before a trial call, 0.001-3600 (recovery_timeout). */
        private Double recoveryTimeout;

        /** Trial calls in the half-open state, 1-10 (half_open_max_calls). */
        private Integer halfOpenMaxCalls;

        /** Whether the breaker counts every failed attempt instead of one outcome per call (circuit_breaker_count_attempts). */
        private Boolean circuitBreakerCountAttempts;

        /** Whether transient failures are retried (enable_retry). */
        private Boolean enableRetry;

        /** Whether the circuit breaker is consulted (enable_circuit_breaker). */
        private Boolean enableCircuitBreaker;

        /** Longest time one attempt may run, in seconds, 0-3600; 0 means no limit (attempt_timeout_seconds). */
        private Double attemptTimeoutSeconds;

        /** Streamed calls: seconds an attempt may wait for its first element, 0-3600; 0 means none (first_token_timeout_seconds). */
        private Double firstTokenTimeoutSeconds;

        /** Streamed calls: seconds a started stream may go without an element, 0-3600; 0 means none (idle_timeout_seconds). */
        private Double idleTimeoutSeconds;

        /** What opens the circuit: consecutive failures (the default) or failure_rate (circuit_breaker_mode). */
        private BreakerMode circuitBreakerMode;

        /** failure_rate mode: a window of the last calls (count) or seconds (time) (circuit_breaker_sliding_window_type). */
        private SlidingWindowType circuitBreakerSlidingWindowType;

        /** failure_rate mode, count window: outcomes it holds, 1-1000 (circuit_breaker_sliding_window_size). */
        private Integer circuitBreakerSlidingWindowSize;

        /** failure_rate mode, time window: whole seconds, 1-600 (circuit_breaker_sliding_window_duration). */
        private Double circuitBreakerSlidingWindowDuration;

        /** failure_rate mode: outcomes needed before a rate counts, 1-1000 (circuit_breaker_minimum_calls). */
        private Integer circuitBreakerMinimumCalls;

        /** failure_rate mode: failure rate in percent that opens the circuit, 1-100 (circuit_breaker_failure_rate_threshold). */
        private Integer circuitBreakerFailureRateThreshold;

        /** failure_rate mode: seconds from which an attempt is slow, 0-3600; 0 means none (circuit_breaker_slow_call_duration_threshold). */
        private Double circuitBreakerSlowCallDurationThreshold;

        /** failure_rate mode: slow-call rate in percent that opens the circuit, 1-100 (circuit_breaker_slow_call_rate_threshold). */
        private Integer circuitBreakerSlowCallRateThreshold;

        /** Whether the operation throttles itself adaptively (SRE client-side throttling; off by default) (throttle_enabled). */
        private Boolean throttleEnabled;

        /** Throttle: requests per accept before local rejection starts, 1-10 (default 2) (throttle_k). */
        private Double throttleK;

        /** Throttle: whole seconds of history, 1-600 (default 120) (throttle_window_seconds). */
        private Double throttleWindowSeconds;

        /** Whether retries draw on the operation's retry budget (gRPC retry throttling; off by default) (retry_budget_enabled). */
        private Boolean retryBudgetEnabled;

        /** Retry budget: tokens in the bucket, 1-1000 (default 10) (retry_budget_max_tokens). */
        private Integer retryBudgetMaxTokens;

        /** Retry budget: tokens a success gives back, 0.001-1 (default 0.1) (retry_budget_token_ratio). */
        private Double retryBudgetTokenRatio;

        /** Fast recovery: seconds of the first open period, growing per failed trial up to recovery_timeout, 0-3600; 0 means off (recovery_initial_seconds). */
        private Double recoveryInitialSeconds;

        /** Fast recovery: growth of the open period per failed trial, 1-10 (default 2) (recovery_multiplier). */
        private Double recoveryMultiplier;

        /** Seconds between runs of a registered health probe while the circuit is open, 0.001-3600 (default 5) (health_probe_interval_seconds). */
        private Double healthProbeIntervalSeconds;

        /** Whether the operation's requests may be sent twice (hedging requires it; false by default) (idempotent). */
        private Boolean idempotent;

        /** Whether the operation's attempts are hedged (off by default; requires idempotent) (hedge_enabled). */
        private Boolean hedgeEnabled;

        /** Hedging: the fixed delay before a hedge, or the least delay with a percentile, 0.001-3600 s (default 0.01) (hedge_delay_seconds). */
        private Double hedgeDelaySeconds;

        /** Hedging: the percentile of recent request latencies after which a hedge goes, 0-99; 0 for the fixed delay (default 95) (hedge_percentile). */
        private Double hedgePercentile;

        /** Hedging: hedges per attempt, 1-4 (default 1) (hedge_max_hedges). */
        private Integer hedgeMaxHedges;

        /** Hedging: hedges allowed per request, 0.001-1 (default 0.05) (hedge_budget_ratio). */
        private Double hedgeBudgetRatio;

        /**
         * The operation's route: its targets in order of preference, 1-16, names unique (routes.&lt;name&gt;.targets,
         * called through operation(name).route()).
         */
        private List<Target> targets = new ArrayList<>();

        /** Route: how a call orders the targets, ordered (the default: the first is the primary) or weighted. */
        private TargetSelection selection;

        /** Route: the target a request goes to when a target refused it for its context length; none by default. */
        private String contextLengthTarget;

        /** Route: the target a request goes to when a target refused it under its content policy; none by default. */
        private String contentPolicyTarget;

        /**
         * The route these properties give, as the JSON document of {@code routes.<name>} (unset keys left out, so
         * the schema's defaults apply), or {@code null} when no route property is set.
         */
        public Map<String, Object> route() {
            if ((targets == null || targets.isEmpty()) && selection == null && contextLengthTarget == null
                    && contentPolicyTarget == null) {
                return null;
            }
            Map<String, Object> route = new LinkedHashMap<>();
            List<Map<String, Object>> documents = new ArrayList<>();
            if (targets != null) {
                targets.forEach(target -> documents.add(target.document()));
            }
            route.put("targets", documents);
            put(route, "selection", selection == null ? null : selection.name().toLowerCase(Locale.ROOT));
            put(route, "context_length_target", contextLengthTarget);
            put(route, "content_policy_target", contentPolicyTarget);
            return route;
        }

        /** The keys set, by their JSON name, in the order of the configuration reference. */
        public Map<String, Object> configKeys() {
            Map<String, Object> keys = new LinkedHashMap<>();
            put(keys, "retry_attempts", retryAttempts);
            put(keys, "max_delay_seconds", maxDelaySeconds);
            put(keys, "exponential_multiplier", exponentialMultiplier);
            put(keys, "exponential_min", exponentialMin);
            put(keys, "exponential_max", exponentialMax);
            put(keys, "jitter_enabled", jitterEnabled);
            put(keys, "jitter_max", jitterMax);
            put(keys, "circuit_breaker_threshold", circuitBreakerThreshold);
            put(keys, "recovery_timeout", recoveryTimeout);
            put(keys, "half_open_max_calls", halfOpenMaxCalls);
            put(keys, "circuit_breaker_count_attempts", circuitBreakerCountAttempts);
            put(keys, "enable_retry", enableRetry);
            put(keys, "enable_circuit_breaker", enableCircuitBreaker);
            put(keys, "attempt_timeout_seconds", attemptTimeoutSeconds);
            put(keys, "first_token_timeout_seconds", firstTokenTimeoutSeconds);
            put(keys, "idle_timeout_seconds", idleTimeoutSeconds);
            put(keys, "circuit_breaker_mode", circuitBreakerMode == null ? null : circuitBreakerMode.wireName());
            put(keys, "circuit_breaker_sliding_window_type",
                    circuitBreakerSlidingWindowType == null ? null : circuitBreakerSlidingWindowType.wireName());
            put(keys, "circuit_breaker_sliding_window_size", circuitBreakerSlidingWindowSize);
            put(keys, "circuit_breaker_sliding_window_duration", circuitBreakerSlidingWindowDuration);
            put(keys, "circuit_breaker_minimum_calls", circuitBreakerMinimumCalls);
            put(keys, "circuit_breaker_failure_rate_threshold", circuitBreakerFailureRateThreshold);
            put(keys, "circuit_breaker_slow_call_duration_threshold", circuitBreakerSlowCallDurationThreshold);
            put(keys, "circuit_breaker_slow_call_rate_threshold", circuitBreakerSlowCallRateThreshold);
            put(keys, "throttle_enabled", throttleEnabled);
            put(keys, "throttle_k", throttleK);
            put(keys, "throttle_window_seconds", throttleWindowSeconds);
            put(keys, "retry_budget_enabled", retryBudgetEnabled);
            put(keys, "retry_budget_max_tokens", retryBudgetMaxTokens);
            put(keys, "retry_budget_token_ratio", retryBudgetTokenRatio);
            put(keys, "recovery_initial_seconds", recoveryInitialSeconds);
            put(keys, "recovery_multiplier", recoveryMultiplier);
            put(keys, "health_probe_interval_seconds", healthProbeIntervalSeconds);
            put(keys, "idempotent", idempotent);
            put(keys, "hedge_enabled", hedgeEnabled);
            put(keys, "hedge_delay_seconds", hedgeDelaySeconds);
            put(keys, "hedge_percentile", hedgePercentile);
            put(keys, "hedge_max_hedges", hedgeMaxHedges);
            put(keys, "hedge_budget_ratio", hedgeBudgetRatio);
            return keys;
        }

        private static void put(Map<String, Object> keys, String key, Object value) {
            if (value != null) {
                keys.put(key, value);
            }
        }

        public ResilienceStrategy getStrategy() {
            return strategy;
        }

        public void setStrategy(ResilienceStrategy strategy) {
            this.strategy = strategy;
        }

        public Integer getRetryAttempts() {
            return retryAttempts;
        }

        public void setRetryAttempts(Integer retryAttempts) {
            this.retryAttempts = retryAttempts;
        }

        public Double getMaxDelaySeconds() {
            return maxDelaySeconds;
        }

        public void setMaxDelaySeconds(Double maxDelaySeconds) {
            this.maxDelaySeconds = maxDelaySeconds;
        }

        public Double getExponentialMultiplier() {
            return exponentialMultiplier;
        }

        public void setExponentialMultiplier(Double exponentialMultiplier) {
            this.exponentialMultiplier = exponentialMultiplier;
        }

        public Double getExponentialMin() {
            return exponentialMin;
        }

        public void setExponentialMin(Double exponentialMin) {
            this.exponentialMin = exponentialMin;
        }

        public Double getExponentialMax() {
            return exponentialMax;
        }

        public void setExponentialMax(Double exponentialMax) {
            this.exponentialMax = exponentialMax;
        }

        public Boolean getJitterEnabled() {
            return jitterEnabled;
        }

        public void setJitterEnabled(Boolean jitterEnabled) {
            this.jitterEnabled = jitterEnabled;
        }

        public Double getJitterMax() {
            return jitterMax;
        }

        public void setJitterMax(Double jitterMax) {
            this.jitterMax = jitterMax;
        }

        public Integer getCircuitBreakerThreshold() {
            return circuitBreakerThreshold;
        }

        public void setCircuitBreakerThreshold(Integer circuitBreakerThreshold) {
            this.circuitBreakerThreshold = circuitBreakerThreshold;
        }

        public Double getRecoveryTimeout() {
            return recoveryTimeout;
        }

        public void setRecoveryTimeout(Double recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
        }

        public Boolean getCircuitBreakerCountAttempts() {
            return circuitBreakerCountAttempts;
        }

        public void setCircuitBreakerCountAttempts(Boolean circuitBreakerCountAttempts) {
            this.circuitBreakerCountAttempts = circuitBreakerCountAttempts;
        }

        public Integer getHalfOpenMaxCalls() {
            return halfOpenMaxCalls;
        }

        public void setHalfOpenMaxCalls(Integer halfOpenMaxCalls) {
            this.halfOpenMaxCalls = halfOpenMaxCalls;
        }

        public Boolean getEnableRetry() {
            return enableRetry;
        }

        public void setEnableRetry(Boolean enableRetry) {
            this.enableRetry = enableRetry;
        }

        public Double getFirstTokenTimeoutSeconds() {
            return firstTokenTimeoutSeconds;
        }

        public void setFirstTokenTimeoutSeconds(Double firstTokenTimeoutSeconds) {
            this.firstTokenTimeoutSeconds = firstTokenTimeoutSeconds;
        }

        public Double getIdleTimeoutSeconds() {
            return idleTimeoutSeconds;
        }

        public void setIdleTimeoutSeconds(Double idleTimeoutSeconds) {
            this.idleTimeoutSeconds = idleTimeoutSeconds;
        }

        public Double getAttemptTimeoutSeconds() {
            return attemptTimeoutSeconds;
        }

        public void setAttemptTimeoutSeconds(Double attemptTimeoutSeconds) {
            this.attemptTimeoutSeconds = attemptTimeoutSeconds;
        }

        public Boolean getEnableCircuitBreaker() {
            return enableCircuitBreaker;
        }

        public void setEnableCircuitBreaker(Boolean enableCircuitBreaker) {
            this.enableCircuitBreaker = enableCircuitBreaker;
        }

        public BreakerMode getCircuitBreakerMode() {
            return circuitBreakerMode;
        }

        public void setCircuitBreakerMode(BreakerMode circuitBreakerMode) {
            this.circuitBreakerMode = circuitBreakerMode;
        }

        public SlidingWindowType getCircuitBreakerSlidingWindowType() {
            return circuitBreakerSlidingWindowType;
        }

        public void setCircuitBreakerSlidingWindowType(SlidingWindowType circuitBreakerSlidingWindowType) {
            this.circuitBreakerSlidingWindowType = circuitBreakerSlidingWindowType;
        }

        public Integer getCircuitBreakerSlidingWindowSize() {
            return circuitBreakerSlidingWindowSize;
        }

        public void setCircuitBreakerSlidingWindowSize(Integer circuitBreakerSlidingWindowSize) {
            this.circuitBreakerSlidingWindowSize = circuitBreakerSlidingWindowSize;
        }

        public Double getCircuitBreakerSlidingWindowDuration() {
            return circuitBreakerSlidingWindowDuration;
        }

        public void setCircuitBreakerSlidingWindowDuration(Double circuitBreakerSlidingWindowDuration) {
            this.circuitBreakerSlidingWindowDuration = circuitBreakerSlidingWindowDuration;
        }

        public Integer getCircuitBreakerMinimumCalls() {
            return circuitBreakerMinimumCalls;
        }

        public void setCircuitBreakerMinimumCalls(Integer circuitBreakerMinimumCalls) {
            this.circuitBreakerMinimumCalls = circuitBreakerMinimumCalls;
        }

        public Integer getCircuitBreakerFailureRateThreshold() {
            return circuitBreakerFailureRateThreshold;
        }

        public void setCircuitBreakerFailureRateThreshold(Integer circuitBreakerFailureRateThreshold) {
            this.circuitBreakerFailureRateThreshold = circuitBreakerFailureRateThreshold;
        }

        public Double getCircuitBreakerSlowCallDurationThreshold() {
            return circuitBreakerSlowCallDurationThreshold;
        }

        public void setCircuitBreakerSlowCallDurationThreshold(Double circuitBreakerSlowCallDurationThreshold) {
            this.circuitBreakerSlowCallDurationThreshold = circuitBreakerSlowCallDurationThreshold;
        }

        public Integer getCircuitBreakerSlowCallRateThreshold() {
            return circuitBreakerSlowCallRateThreshold;
        }

        public void setCircuitBreakerSlowCallRateThreshold(Integer circuitBreakerSlowCallRateThreshold) {
            this.circuitBreakerSlowCallRateThreshold = circuitBreakerSlowCallRateThreshold;
        }

        public Boolean getThrottleEnabled() {
            return throttleEnabled;
        }

        public void setThrottleEnabled(Boolean throttleEnabled) {
            this.throttleEnabled = throttleEnabled;
        }

        public Double getThrottleK() {
            return throttleK;
        }

        public void setThrottleK(Double throttleK) {
            this.throttleK = throttleK;
        }

        public Double getThrottleWindowSeconds() {
            return throttleWindowSeconds;
        }

        public void setThrottleWindowSeconds(Double throttleWindowSeconds) {
            this.throttleWindowSeconds = throttleWindowSeconds;
        }

        public Boolean getRetryBudgetEnabled() {
            return retryBudgetEnabled;
        }

        public void setRetryBudgetEnabled(Boolean retryBudgetEnabled) {
            this.retryBudgetEnabled = retryBudgetEnabled;
        }

        public Integer getRetryBudgetMaxTokens() {
            return retryBudgetMaxTokens;
        }

        public void setRetryBudgetMaxTokens(Integer retryBudgetMaxTokens) {
            this.retryBudgetMaxTokens = retryBudgetMaxTokens;
        }

        public Double getRetryBudgetTokenRatio() {
            return retryBudgetTokenRatio;
        }

        public void setRetryBudgetTokenRatio(Double retryBudgetTokenRatio) {
            this.retryBudgetTokenRatio = retryBudgetTokenRatio;
        }

        public Double getRecoveryInitialSeconds() {
            return recoveryInitialSeconds;
        }

        public void setRecoveryInitialSeconds(Double recoveryInitialSeconds) {
            this.recoveryInitialSeconds = recoveryInitialSeconds;
        }

        public Double getRecoveryMultiplier() {
            return recoveryMultiplier;
        }

        public void setRecoveryMultiplier(Double recoveryMultiplier) {
            this.recoveryMultiplier = recoveryMultiplier;
        }

        public Double getHealthProbeIntervalSeconds() {
            return healthProbeIntervalSeconds;
        }

        public void setHealthProbeIntervalSeconds(Double healthProbeIntervalSeconds) {
            this.healthProbeIntervalSeconds = healthProbeIntervalSeconds;
        }

        public Boolean getIdempotent() {
            return idempotent;
        }

        public void setIdempotent(Boolean idempotent) {
            this.idempotent = idempotent;
        }

        public Boolean getHedgeEnabled() {
            return hedgeEnabled;
        }

        public void setHedgeEnabled(Boolean hedgeEnabled) {
            this.hedgeEnabled = hedgeEnabled;
        }

        public Double getHedgeDelaySeconds() {
            return hedgeDelaySeconds;
        }

        public void setHedgeDelaySeconds(Double hedgeDelaySeconds) {
            this.hedgeDelaySeconds = hedgeDelaySeconds;
        }

        public Double getHedgePercentile() {
            return hedgePercentile;
        }

        public void setHedgePercentile(Double hedgePercentile) {
            this.hedgePercentile = hedgePercentile;
        }

        public Integer getHedgeMaxHedges() {
            return hedgeMaxHedges;
        }

        public void setHedgeMaxHedges(Integer hedgeMaxHedges) {
            this.hedgeMaxHedges = hedgeMaxHedges;
        }

        public Double getHedgeBudgetRatio() {
            return hedgeBudgetRatio;
        }

        public void setHedgeBudgetRatio(Double hedgeBudgetRatio) {
            this.hedgeBudgetRatio = hedgeBudgetRatio;
        }

        public List<Target> getTargets() {
            return targets;
        }

        public void setTargets(List<Target> targets) {
            this.targets = targets;
        }

        public TargetSelection getSelection() {
            return selection;
        }

        public void setSelection(TargetSelection selection) {
            this.selection = selection;
        }

        public String getContextLengthTarget() {
            return contextLengthTarget;
        }

        public void setContextLengthTarget(String contextLengthTarget) {
            this.contextLengthTarget = contextLengthTarget;
        }

        public String getContentPolicyTarget() {
            return contentPolicyTarget;
        }

        public void setContentPolicyTarget(String contentPolicyTarget) {
            this.contentPolicyTarget = contentPolicyTarget;
        }
    }

    /** One target of an operation's route ({@code ai.resilience.operations.<name>.targets[<i>].*}). */
    public static class Target {

        /** The target's name, passed to the call's function (a provider and model, typically), 1-190 characters. */
        private String name;

        /** How often the target comes first under weighted selection, 1-1000 (default 1). */
        private Integer weight;

        /** The target's requests per minute, kept on our side, 0-10000000; 0 means no limit (the default). */
        private Long requestsPerMinute;

        /** The target's tokens per minute, kept on our side, 0-10000000000; 0 means no limit (the default). */
        private Long tokensPerMinute;

        /** The JSON document of this target (unset keys left out). */
        Map<String, Object> document() {
            Map<String, Object> target = new LinkedHashMap<>();
            put(target, "name", name);
            put(target, "weight", weight);
            put(target, "requests_per_minute", requestsPerMinute);
            put(target, "tokens_per_minute", tokensPerMinute);
            return target;
        }

        private static void put(Map<String, Object> keys, String key, Object value) {
            if (value != null) {
                keys.put(key, value);
            }
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Integer getWeight() {
            return weight;
        }

        public void setWeight(Integer weight) {
            this.weight = weight;
        }

        public Long getRequestsPerMinute() {
            return requestsPerMinute;
        }

        public void setRequestsPerMinute(Long requestsPerMinute) {
            this.requestsPerMinute = requestsPerMinute;
        }

        public Long getTokensPerMinute() {
            return tokensPerMinute;
        }

        public void setTokensPerMinute(Long tokensPerMinute) {
            this.tokensPerMinute = tokensPerMinute;
        }
    }
}
