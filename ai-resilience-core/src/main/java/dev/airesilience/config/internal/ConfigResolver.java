package dev.airesilience.config.internal;

import dev.airesilience.config.BreakerMode;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResiliencePreset;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.SlidingWindowType;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.config.schema.ConfigLayer;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.OperationAliases;
import dev.airesilience.settings.ResolvedConfiguration;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Combines preset, legacy, custom and runtime layers into one {@link ResolvedConfiguration}
 * (precedence runtime &gt; custom &gt; legacy &gt; preset).
 */
public final class ConfigResolver {

    /** The layers that make up a configuration, lowest precedence last in the argument list of {@link #resolve}. */
    public static final class Layers {
        public final ResiliencePreset preset;
        public final ConfigLayer legacy;
        public final ConfigLayer custom;
        public final ConfigLayer runtime;

        public Layers(ResiliencePreset preset, ConfigLayer legacy, ConfigLayer custom, ConfigLayer runtime) {
            this.preset = preset;
            this.legacy = legacy;
            this.custom = custom;
            this.runtime = runtime;
        }

        /**
         * These layers with {@code update} merged into the runtime layer: scalar keys replace, operation overrides
         * and routes replace per operation.
         *
         * @throws InvalidConfigurationException if more than {@link ConfigSchema#MAX_RUNTIME_OVERRIDES} operations
         *     would have a runtime override, or more than {@link ConfigSchema#MAX_RUNTIME_ROUTES} a runtime route;
         *     checked before anything is copied
         */
        public Layers withRuntime(ConfigLayer update) {
            checkRuntimeBound("operation_overrides", ConfigSchema.MAX_RUNTIME_OVERRIDES, runtime.overrides().size(),
                    runtime.overridesAfterMerging(update), "an", "override", "overridden");
            checkRuntimeBound("routes", ConfigSchema.MAX_RUNTIME_ROUTES, runtime.routes().size(),
                    runtime.routesAfterMerging(update), "a", "route", "routed");
            return new Layers(preset, legacy, custom, runtime.mergedWith(update));
        }

        /** Refuses an update after which more than {@code max} operations would have a runtime {@code what}. */
        private static void checkRuntimeBound(String field, int max, int inForce, int after, String article,
                String what, String done) {
            if (after > max) {
                throw new InvalidConfigurationException(ConfigSchema.problem("$." + field,
                        "at most " + max + " operations with a runtime " + what,
                        after + " operations",
                        "Field '" + field + "': runtime updates may give at most " + max + " operations " + article
                                + " " + what + ", but this update would make it " + after + " (" + inForce + " in force, "
                                + (after - inForce) + " new); reassign operations already " + done
                                + " instead of adding new ones"));
            }
        }
    }

    private static final ConfigKey[] SCALARS = {
        ConfigKey.DEFAULT_STRATEGY, ConfigKey.RETRY_ATTEMPTS, ConfigKey.MAX_DELAY_SECONDS, ConfigKey.EXPONENTIAL_MULTIPLIER,
        ConfigKey.EXPONENTIAL_MIN, ConfigKey.EXPONENTIAL_MAX, ConfigKey.JITTER_ENABLED, ConfigKey.JITTER_MAX,
        ConfigKey.CIRCUIT_BREAKER_THRESHOLD, ConfigKey.RECOVERY_TIMEOUT, ConfigKey.HALF_OPEN_MAX_CALLS,
        ConfigKey.ENABLE_RETRY, ConfigKey.ENABLE_CIRCUIT_BREAKER, ConfigKey.ATTEMPT_TIMEOUT_SECONDS,
        ConfigKey.CIRCUIT_BREAKER_COUNT_ATTEMPTS, ConfigKey.FIRST_TOKEN_TIMEOUT_SECONDS, ConfigKey.IDLE_TIMEOUT_SECONDS,
        ConfigKey.CIRCUIT_BREAKER_MODE, ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE,
        ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE, ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION,
        ConfigKey.CIRCUIT_BREAKER_MINIMUM_CALLS, ConfigKey.CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD,
        ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD, ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD,
        ConfigKey.THROTTLE_ENABLED, ConfigKey.THROTTLE_K, ConfigKey.THROTTLE_WINDOW_SECONDS,
        ConfigKey.RETRY_BUDGET_ENABLED, ConfigKey.RETRY_BUDGET_MAX_TOKENS, ConfigKey.RETRY_BUDGET_TOKEN_RATIO,
        ConfigKey.RECOVERY_INITIAL_SECONDS, ConfigKey.RECOVERY_MULTIPLIER, ConfigKey.HEALTH_PROBE_INTERVAL_SECONDS,
        ConfigKey.IDEMPOTENT, ConfigKey.HEDGE_ENABLED, ConfigKey.HEDGE_DELAY_SECONDS, ConfigKey.HEDGE_PERCENTILE,
        ConfigKey.HEDGE_MAX_HEDGES, ConfigKey.HEDGE_BUDGET_RATIO
    };

    /**
     * The load-aware stages (throttle, retry budget, hedging) and the idempotent flag: like the breaker modes, not
     * part of a strategy, so a layer that sets them sets them for every strategy.
     */
    private static final ConfigKey[] LOAD_KEYS = {
        ConfigKey.THROTTLE_ENABLED, ConfigKey.THROTTLE_K, ConfigKey.THROTTLE_WINDOW_SECONDS,
        ConfigKey.RETRY_BUDGET_ENABLED, ConfigKey.RETRY_BUDGET_MAX_TOKENS, ConfigKey.RETRY_BUDGET_TOKEN_RATIO,
        ConfigKey.IDEMPOTENT, ConfigKey.HEDGE_ENABLED, ConfigKey.HEDGE_DELAY_SECONDS, ConfigKey.HEDGE_PERCENTILE,
        ConfigKey.HEDGE_MAX_HEDGES, ConfigKey.HEDGE_BUDGET_RATIO
    };

    /**
     * How the breaker counts and recovers, like {@code circuit_breaker_count_attempts}: not part of a strategy, so a
     * layer that sets them sets them for every strategy.
     */
    private static final ConfigKey[] BREAKER_MODE_KEYS = {
        ConfigKey.CIRCUIT_BREAKER_MODE, ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE,
        ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE, ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION,
        ConfigKey.CIRCUIT_BREAKER_MINIMUM_CALLS, ConfigKey.CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD,
        ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD, ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD,
        ConfigKey.RECOVERY_INITIAL_SECONDS, ConfigKey.RECOVERY_MULTIPLIER, ConfigKey.HEALTH_PROBE_INTERVAL_SECONDS
    };

    private ConfigResolver() {}

    /**
     * Resolves the layers against the strategy table.
     *
     * @throws InvalidConfigurationException if the combination is invalid (for example exponential_min above
     *     the exponential_max in force)
     */
    public static ResolvedConfiguration resolve(Layers layers, Map<ResilienceStrategy, ResilienceConfig> table) {
        ConfigSource baseSource = layers.preset == null ? ConfigSource.DEFAULT : ConfigSource.PRESET;
        List<Map.Entry<ConfigSource, ConfigLayer>> upper = List.of(
                Map.entry(ConfigSource.LEGACY, layers.legacy),
                Map.entry(ConfigSource.CUSTOM, layers.custom),
                Map.entry(ConfigSource.RUNTIME, layers.runtime));

        // The default strategy: the highest layer that sets it, else the preset's, else BALANCED.
        ResilienceStrategy defaultStrategy = layers.preset == null ? ResilienceStrategy.BALANCED : layers.preset.defaultStrategy();
        ConfigSource strategySource = baseSource;
        for (Map.Entry<ConfigSource, ConfigLayer> layer : upper) {
            if (layer.getValue().has(ConfigKey.DEFAULT_STRATEGY)) {
                defaultStrategy = (ResilienceStrategy) layer.getValue().get(ConfigKey.DEFAULT_STRATEGY);
                strategySource = layer.getKey();
            }
        }

        // Base numbers for the default strategy: the preset's (§2.3) while its strategy is in force; once another
        // layer changes the strategy, that strategy's table numbers, attributed to the layer that changed it.
        boolean presetNumbers = layers.preset != null && defaultStrategy == layers.preset.defaultStrategy();
        ResilienceConfig base = presetNumbers ? layers.preset.toResilienceConfig() : table.get(defaultStrategy);
        ConfigSource baseNumbersSource = presetNumbers ? ConfigSource.PRESET : strategySource;
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, ConfigSource> sources = new LinkedHashMap<>();
        put(values, sources, ConfigKey.DEFAULT_STRATEGY, defaultStrategy, strategySource);
        for (Map.Entry<ConfigKey, Object> entry : flatten(base).entrySet()) {
            put(values, sources, entry.getKey(), entry.getValue(), baseNumbersSource);
        }
        for (Map.Entry<ConfigSource, ConfigLayer> layer : upper) {
            for (ConfigKey key : SCALARS) {
                if (key != ConfigKey.DEFAULT_STRATEGY && layer.getValue().has(key)) {
                    put(values, sources, key, layer.getValue().get(key), layer.getKey());
                }
            }
        }

        // Operation overrides: lower layers first, each layer's aliases before its exact names, so that a higher
        // layer always wins and, within a layer, an exact name beats its alias.
        Map<String, ResilienceStrategy> declared = new LinkedHashMap<>();
        Map<String, ConfigSource> overrideSources = new LinkedHashMap<>();
        Map<String, ResilienceStrategy> lookup = new LinkedHashMap<>();
        if (layers.preset != null) {
            addOverrides(layers.preset.operationOverrides(), ConfigSource.PRESET, declared, overrideSources, lookup);
        }
        for (Map.Entry<ConfigSource, ConfigLayer> layer : upper) {
            addOverrides(layer.getValue().overrides(), layer.getKey(), declared, overrideSources, lookup);
        }

        // Routes: each layer's entries replace a lower layer's for the same operation; null removes the route.
        Map<String, RoutingConfig> routes = new LinkedHashMap<>();
        Map<String, ConfigSource> routeSources = new LinkedHashMap<>();
        for (Map.Entry<ConfigSource, ConfigLayer> layer : upper) {
            layer.getValue().routes().forEach((operation, route) -> {
                if (route == null) {
                    routes.remove(operation);
                    routeSources.remove(operation);
                } else {
                    routes.put(operation, route);
                    routeSources.put(operation, layer.getKey());
                }
            });
        }

        EnumMap<ResilienceStrategy, ResilienceConfig> configs = new EnumMap<>(ResilienceStrategy.class);
        try {
            configs.put(defaultStrategy, build(base, defaultStrategy, values));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(new ConfigProblem("$", "a consistent configuration",
                    values.toString(), "The combined configuration is invalid: " + e.getMessage()));
        }
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            if (strategy != defaultStrategy) {
                configs.put(strategy, withSwitches(table.get(strategy), values, sources));
            }
        }
        String presetName = layers.preset == null ? null : layers.preset.key();
        return new ResolvedConfiguration(presetName, defaultStrategy, values, sources, declared, overrideSources, lookup,
                configs, routes, routeSources);
    }

    /**
     * {@code base} (the configuration an operation resolves to) with one operation's own keys laid over it, through
     * the same key-to-field mapping as {@link #resolve}: a key the layer does not set keeps {@code base}'s value,
     * the attempt timeout and backoff mode included. The layer's strategy keys are ignored; the strategy stays
     * {@code base}'s.
     *
     * @throws InvalidConfigurationException if the combination is invalid (for example an exponential_min above
     *     the exponential_max in force for the operation)
     */
    public static ResilienceConfig overlay(ResilienceConfig base, ConfigLayer operationKeys) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<ConfigKey, Object> entry : flatten(base).entrySet()) {
            values.put(entry.getKey().jsonName(), entry.getValue());
        }
        for (ConfigKey key : SCALARS) {
            if (key != ConfigKey.DEFAULT_STRATEGY && operationKeys.has(key)) {
                values.put(key.jsonName(), operationKeys.get(key));
            }
        }
        try {
            return build(base, base.strategy(), values);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(new ConfigProblem("$", "a consistent configuration",
                    values.toString(), "The combined configuration is invalid: " + e.getMessage()));
        }
    }

    private static void addOverrides(Map<String, ResilienceStrategy> overrides, ConfigSource source,
            Map<String, ResilienceStrategy> declared, Map<String, ConfigSource> sources, Map<String, ResilienceStrategy> lookup) {
        overrides.forEach((op, strategy) -> OperationAliases.aliasOf(op).ifPresent(alias -> lookup.put(alias, strategy)));
        overrides.forEach((op, strategy) -> {
            lookup.put(op, strategy);
            declared.put(op, strategy);
            sources.put(op, source);
        });
    }

    private static void put(Map<String, Object> values, Map<String, ConfigSource> sources, ConfigKey key, Object value, ConfigSource source) {
        values.put(key.jsonName(), value);
        sources.put(key.jsonName(), source);
    }

    /** A configuration in JSON units: counts as integers, durations as seconds (doubles), as the schema reads them. */
    private static Map<ConfigKey, Object> flatten(ResilienceConfig config) {
        Map<ConfigKey, Object> map = new LinkedHashMap<>();
        RetryConfig retry = config.retry();
        map.put(ConfigKey.RETRY_ATTEMPTS, retry.maxAttempts());
        map.put(ConfigKey.MAX_DELAY_SECONDS, ConfigKey.MAX_DELAY_SECONDS.jsonValue(seconds(retry.maxDelay())));
        map.put(ConfigKey.EXPONENTIAL_MULTIPLIER, ConfigKey.EXPONENTIAL_MULTIPLIER.jsonValue(seconds(retry.exponentialMultiplier())));
        map.put(ConfigKey.EXPONENTIAL_MIN, ConfigKey.EXPONENTIAL_MIN.jsonValue(seconds(retry.exponentialMin())));
        map.put(ConfigKey.EXPONENTIAL_MAX, ConfigKey.EXPONENTIAL_MAX.jsonValue(seconds(retry.exponentialMax())));
        map.put(ConfigKey.JITTER_ENABLED, retry.jitter());
        map.put(ConfigKey.JITTER_MAX, ConfigKey.JITTER_MAX.jsonValue(seconds(retry.jitterMax())));
        map.put(ConfigKey.CIRCUIT_BREAKER_THRESHOLD, config.circuitBreaker().failureThreshold());
        map.put(ConfigKey.RECOVERY_TIMEOUT, ConfigKey.RECOVERY_TIMEOUT.jsonValue(seconds(config.circuitBreaker().recoveryTimeout())));
        map.put(ConfigKey.HALF_OPEN_MAX_CALLS, config.circuitBreaker().halfOpenMaxCalls());
        map.put(ConfigKey.CIRCUIT_BREAKER_COUNT_ATTEMPTS, config.circuitBreaker().countAttempts());
        CircuitBreakerConfig breaker = config.circuitBreaker();
        map.put(ConfigKey.CIRCUIT_BREAKER_MODE, breaker.mode().wireName());
        map.put(ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE, breaker.slidingWindowType().wireName());
        map.put(ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE, breaker.slidingWindowSize());
        map.put(ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION,
                ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION.jsonValue(seconds(breaker.slidingWindowDuration())));
        map.put(ConfigKey.CIRCUIT_BREAKER_MINIMUM_CALLS, breaker.minimumNumberOfCalls());
        map.put(ConfigKey.CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD, breaker.failureRateThreshold());
        map.put(ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD, timeoutSeconds(breaker.slowCallDurationThreshold()));
        map.put(ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD, breaker.slowCallRateThreshold());
        map.put(ConfigKey.RECOVERY_INITIAL_SECONDS, timeoutSeconds(breaker.recoveryInitialInterval()));
        map.put(ConfigKey.RECOVERY_MULTIPLIER, breaker.recoveryMultiplier());
        map.put(ConfigKey.HEALTH_PROBE_INTERVAL_SECONDS,
                ConfigKey.HEALTH_PROBE_INTERVAL_SECONDS.jsonValue(seconds(breaker.healthProbeInterval())));
        map.put(ConfigKey.ENABLE_RETRY, config.enableRetry());
        map.put(ConfigKey.ENABLE_CIRCUIT_BREAKER, config.enableCircuitBreaker());
        map.put(ConfigKey.ATTEMPT_TIMEOUT_SECONDS, timeoutSeconds(config.attemptTimeout()));
        map.put(ConfigKey.FIRST_TOKEN_TIMEOUT_SECONDS, timeoutSeconds(config.firstTokenTimeout()));
        map.put(ConfigKey.IDLE_TIMEOUT_SECONDS, timeoutSeconds(config.idleTimeout()));
        ThrottleConfig throttle = config.throttle();
        map.put(ConfigKey.THROTTLE_ENABLED, throttle.enabled());
        map.put(ConfigKey.THROTTLE_K, throttle.k());
        map.put(ConfigKey.THROTTLE_WINDOW_SECONDS, ConfigKey.THROTTLE_WINDOW_SECONDS.jsonValue(seconds(throttle.window())));
        RetryBudgetConfig budget = config.retryBudget();
        map.put(ConfigKey.RETRY_BUDGET_ENABLED, budget.enabled());
        map.put(ConfigKey.RETRY_BUDGET_MAX_TOKENS, budget.maxTokens());
        map.put(ConfigKey.RETRY_BUDGET_TOKEN_RATIO, budget.tokenRatio());
        map.put(ConfigKey.IDEMPOTENT, config.idempotent());
        HedgeConfig hedge = config.hedge();
        map.put(ConfigKey.HEDGE_ENABLED, hedge.enabled());
        map.put(ConfigKey.HEDGE_DELAY_SECONDS, ConfigKey.HEDGE_DELAY_SECONDS.jsonValue(seconds(hedge.delay())));
        map.put(ConfigKey.HEDGE_PERCENTILE, hedge.percentile());
        map.put(ConfigKey.HEDGE_MAX_HEDGES, hedge.maxHedges());
        map.put(ConfigKey.HEDGE_BUDGET_RATIO, hedge.budgetRatio());
        return map;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /** A timeout in JSON: 0 for none. */
    private static double timeoutSeconds(Duration timeout) {
        return timeout == null ? 0.0 : seconds(timeout);
    }

    private static Duration duration(Map<String, Object> v, ConfigKey key) {
        return ConfigKey.seconds(((Number) v.get(key.jsonName())).doubleValue());
    }

    /** {@code base} with the effective values; starting from base keeps what JSON cannot express (backoff mode). */
    private static ResilienceConfig build(ResilienceConfig base, ResilienceStrategy strategy, Map<String, Object> v) {
        RetryConfig retry = base.retry().toBuilder()
                .maxAttempts((Integer) v.get("retry_attempts"))
                .maxDelay(duration(v, ConfigKey.MAX_DELAY_SECONDS))
                .exponentialMultiplier(duration(v, ConfigKey.EXPONENTIAL_MULTIPLIER))
                .exponentialMin(duration(v, ConfigKey.EXPONENTIAL_MIN))
                .exponentialMax(duration(v, ConfigKey.EXPONENTIAL_MAX))
                .jitter((Boolean) v.get("jitter_enabled"))
                .jitterMax(duration(v, ConfigKey.JITTER_MAX))
                .build();
        CircuitBreakerConfig breaker = breakerModes(base.circuitBreaker().toBuilder()
                .failureThreshold((Integer) v.get("circuit_breaker_threshold"))
                .recoveryTimeout(duration(v, ConfigKey.RECOVERY_TIMEOUT))
                .halfOpenMaxCalls((Integer) v.get("half_open_max_calls"))
                .countAttempts((Boolean) v.get("circuit_breaker_count_attempts")), v, key -> true).build();
        return loadStages(new ResilienceConfig(strategy, retry, breaker,
                (Boolean) v.get("enable_circuit_breaker"), (Boolean) v.get("enable_retry"),
                timeout(v, ConfigKey.ATTEMPT_TIMEOUT_SECONDS), timeout(v, ConfigKey.FIRST_TOKEN_TIMEOUT_SECONDS),
                timeout(v, ConfigKey.IDLE_TIMEOUT_SECONDS), base.throttle(), base.retryBudget(), base.idempotent(),
                base.hedge()).toBuilder(), v, key -> true).build();
    }

    /** The load-stage keys {@code set} selects, from {@code v} (JSON units) onto {@code builder}. */
    private static ResilienceConfig.Builder loadStages(ResilienceConfig.Builder builder, Map<String, Object> v,
            Predicate<ConfigKey> set) {
        ResilienceConfig current = builder.build();
        ThrottleConfig throttle = current.throttle();
        RetryBudgetConfig budget = current.retryBudget();
        boolean idempotent = current.idempotent();
        HedgeConfig hedge = current.hedge();
        for (ConfigKey key : LOAD_KEYS) {
            if (!set.test(key) || !v.containsKey(key.jsonName())) {
                continue;
            }
            Object value = v.get(key.jsonName());
            switch (key) {
                case THROTTLE_ENABLED -> throttle = throttle.withEnabled((Boolean) value);
                case THROTTLE_K -> throttle = new ThrottleConfig(throttle.enabled(), ((Number) value).doubleValue(),
                        throttle.window());
                case THROTTLE_WINDOW_SECONDS -> throttle = new ThrottleConfig(throttle.enabled(), throttle.k(),
                        duration(v, key));
                case RETRY_BUDGET_ENABLED -> budget = budget.withEnabled((Boolean) value);
                case RETRY_BUDGET_MAX_TOKENS -> budget = new RetryBudgetConfig(budget.enabled(), (Integer) value,
                        budget.tokenRatio());
                case RETRY_BUDGET_TOKEN_RATIO -> budget = new RetryBudgetConfig(budget.enabled(), budget.maxTokens(),
                        ((Number) value).doubleValue());
                case IDEMPOTENT -> idempotent = (Boolean) value;
                case HEDGE_ENABLED -> hedge = hedge.withEnabled((Boolean) value);
                case HEDGE_DELAY_SECONDS -> hedge = new HedgeConfig(hedge.enabled(), duration(v, key), hedge.percentile(),
                        hedge.maxHedges(), hedge.budgetRatio());
                case HEDGE_PERCENTILE -> hedge = new HedgeConfig(hedge.enabled(), hedge.delay(),
                        ((Number) value).doubleValue(), hedge.maxHedges(), hedge.budgetRatio());
                case HEDGE_MAX_HEDGES -> hedge = new HedgeConfig(hedge.enabled(), hedge.delay(), hedge.percentile(),
                        (Integer) value, hedge.budgetRatio());
                case HEDGE_BUDGET_RATIO -> hedge = new HedgeConfig(hedge.enabled(), hedge.delay(), hedge.percentile(),
                        hedge.maxHedges(), ((Number) value).doubleValue());
                default -> throw new IllegalStateException("not a load-stage key: " + key);
            }
        }
        return builder.throttle(throttle).retryBudget(budget).idempotent(idempotent).hedge(hedge);
    }

    /** The breaker-mode keys {@code set} selects, from {@code v} (JSON units) onto {@code builder}. */
    private static CircuitBreakerConfig.Builder breakerModes(CircuitBreakerConfig.Builder builder, Map<String, Object> v,
            Predicate<ConfigKey> set) {
        for (ConfigKey key : BREAKER_MODE_KEYS) {
            if (!set.test(key) || !v.containsKey(key.jsonName())) {
                continue;
            }
            Object value = v.get(key.jsonName());
            switch (key) {
                case CIRCUIT_BREAKER_MODE -> builder.mode(BreakerMode.valueOf(((String) value).toUpperCase(Locale.ROOT)));
                case CIRCUIT_BREAKER_SLIDING_WINDOW_TYPE ->
                        builder.slidingWindowType(SlidingWindowType.valueOf(((String) value).toUpperCase(Locale.ROOT)));
                case CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE -> builder.slidingWindowSize((Integer) value);
                case CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION -> builder.slidingWindowDuration(duration(v, key));
                case CIRCUIT_BREAKER_MINIMUM_CALLS -> builder.minimumNumberOfCalls((Integer) value);
                case CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD -> builder.failureRateThreshold((Integer) value);
                case CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD -> builder.slowCallDurationThreshold(timeout(v, key));
                case CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD -> builder.slowCallRateThreshold((Integer) value);
                case RECOVERY_INITIAL_SECONDS -> builder.recoveryInitialInterval(timeout(v, key));
                case RECOVERY_MULTIPLIER -> builder.recoveryMultiplier(((Number) value).doubleValue());
                case HEALTH_PROBE_INTERVAL_SECONDS -> builder.healthProbeInterval(duration(v, key));
                default -> throw new IllegalStateException("not a breaker-mode key: " + key);
            }
        }
        return builder;
    }

    /** 0 (or an absent key) means no timeout. */
    private static Duration timeout(Map<String, Object> v, ConfigKey key) {
        Object seconds = v.get(key.jsonName());
        double value = seconds == null ? 0.0 : ((Number) seconds).doubleValue();
        return value <= 0 ? null : ConfigKey.seconds(value);
    }

    /** The service-wide switches apply to every strategy, but only when a layer above the preset set them. */
    private static ResilienceConfig withSwitches(ResilienceConfig config, Map<String, Object> v, Map<String, ConfigSource> sources) {
        ResilienceConfig.Builder builder = config.toBuilder();
        if (explicit(sources, "enable_retry")) {
            builder.enableRetry((Boolean) v.get("enable_retry"));
        }
        if (explicit(sources, "enable_circuit_breaker")) {
            builder.enableCircuitBreaker((Boolean) v.get("enable_circuit_breaker"));
        }
        if (explicit(sources, "attempt_timeout_seconds")) {
            builder.attemptTimeout(timeout(v, ConfigKey.ATTEMPT_TIMEOUT_SECONDS));
        }
        if (explicit(sources, "first_token_timeout_seconds")) {
            builder.firstTokenTimeout(timeout(v, ConfigKey.FIRST_TOKEN_TIMEOUT_SECONDS));
        }
        if (explicit(sources, "idle_timeout_seconds")) {
            builder.idleTimeout(timeout(v, ConfigKey.IDLE_TIMEOUT_SECONDS));
        }
        if (explicit(sources, "half_open_max_calls")) {
            builder.circuitBreaker(config.circuitBreaker().toBuilder().halfOpenMaxCalls((Integer) v.get("half_open_max_calls")).build());
        }
        if (explicit(sources, "circuit_breaker_count_attempts")) {
            builder.circuitBreaker(builder.build().circuitBreaker().toBuilder()
                    .countAttempts((Boolean) v.get("circuit_breaker_count_attempts")).build());
        }
        if (Arrays.stream(BREAKER_MODE_KEYS).anyMatch(key -> explicit(sources, key.jsonName()))) {
            builder.circuitBreaker(breakerModes(builder.build().circuitBreaker().toBuilder(), v,
                    key -> explicit(sources, key.jsonName())).build());
        }
        if (Arrays.stream(LOAD_KEYS).anyMatch(key -> explicit(sources, key.jsonName()))) {
            loadStages(builder, v, key -> explicit(sources, key.jsonName()));
        }
        return builder.build();
    }

    private static boolean explicit(Map<String, ConfigSource> sources, String key) {
        ConfigSource source = sources.get(key);
        return source == ConfigSource.LEGACY || source == ConfigSource.CUSTOM || source == ConfigSource.RUNTIME;
    }
}
