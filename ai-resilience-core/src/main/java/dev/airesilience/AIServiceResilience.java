package dev.airesilience;

import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.internal.ConfigurationManager;
import dev.airesilience.config.internal.ConfigurationSnapshot;
import dev.airesilience.config.internal.OperationConfigurations;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.context.CallContextPropagator;
import dev.airesilience.context.CallInstrumentation;
import dev.airesilience.engine.CoreAccess;
import dev.airesilience.engine.ResilienceCore;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.internal.OperationNames;
import dev.airesilience.internal.Preconditions;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.quota.QuotaRemaining;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.shared.SharedState;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.Sleeper;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Resilience Orchestrator: keeps calls to AI services working through rate limits, overload, outages and
 * bad requests, per named operation.
 *
 * <p>Every call runs as {@code Fallback(Retry(CircuitBreaker(call)))}:
 * <ol>
 *   <li>a shared per-operation <b>rate-limit cooldown</b> (set by a provider's Retry-After) is waited out if it
 *       fits the call's budget, otherwise the call is answered at once without calling the provider;</li>
 *   <li>the operation's <b>circuit breaker</b> (Resilience4j) is asked before <em>every</em> attempt: an open
 *       circuit rejects the call fast, and stops retries as soon as it opens;</li>
 *   <li>failures are <b>classified</b>: transient ones are retried with exponential backoff and jitter, within
 *       {@code maxAttempts} and the total time budget, never sleeping past the budget; permanent ones are not;
 *       only logical calls that end transient count toward the breaker;</li>
 *   <li>a <b>fallback</b> answers, at most once, a call that failed or was rejected.</li>
 * </ol>
 *
 * <p>Configuration precedence for a call: custom config &gt; explicit strategy &gt; the operation's
 * registered strategy &gt; BALANCED. It is read from the current snapshot on every call.
 *
 * <p>Thread-safe. Per-operation state lives in concurrent maps, counters are {@code LongAdder}s, and no lock
 * is ever held around user code, so virtual threads never pin. {@link #close()} releases the scheduler
 * thread of the asynchronous path.
 */
public final class AIServiceResilience implements AutoCloseable {

    /** Default cap on distinct operation names. */
    public static final int DEFAULT_MAX_OPERATIONS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(AIServiceResilience.class);

    private final ResilienceCore core;
    private final OperationConfigurations configurations;
    private final ConfigurationManager configuration;
    private final List<ConfigProblem> startupProblems;
    private final SharedState shared;

    /** An orchestrator with the seed's strategy table, the system clock and the default classifier. */
    public AIServiceResilience() {
        this(builder());
    }

    /**
     * An orchestrator that puts {@code settings} into effect (preset, legacy variables, custom JSON). As in the seed,
     * invalid settings do not stop it: they are left out, logged at ERROR and reported by
     * {@link #getStartupConfigurationProblems()}; use {@link Builder#strictConfiguration(boolean)} to fail instead.
     */
    public AIServiceResilience(ResilienceSettings settings) {
        this(builder().settings(Objects.requireNonNull(settings, "settings must not be null")));
    }

    private AIServiceResilience(Builder builder) {
        ConfigEventLog events = new ConfigEventLog(builder.time);
        ConfigurationManager.Initial initial = builder.settings == null
                ? new ConfigurationManager.Initial(
                        new ConfigurationSnapshot(builder.strategyConfigs, ResilienceStrategy.BALANCED), List.of())
                : ConfigurationManager.initial(builder.settings, builder.strategyConfigs, events, builder.time,
                        builder.strictConfiguration);
        this.startupProblems = initial.problems();
        this.core = new ResilienceCore(builder.time, builder.sleeper, builder.scheduler, builder.random,
                builder.classifier, List.copyOf(builder.listeners), builder.maxOperations,
                builder.contextPropagators(), builder.instrumentation, builder.sharedState);
        this.configurations = new OperationConfigurations(initial.snapshot());
        this.configuration = new ConfigurationManager(configurations, core.scheduler(), events);
        this.shared = builder.sharedState;
        shared.start(new SharedSink(core, configuration, configurations));
    }

    /**
     * What other instances share, applied here: their cooldowns, their breakers' openings and recoveries (for an
     * operation whose breaker is enabled here), and every runtime update in the shared order.
     */
    private static final class SharedSink implements SharedState.Sink {
        private final ResilienceCore core;
        private final ConfigurationManager configuration;
        private final OperationConfigurations configurations;

        SharedSink(ResilienceCore core, ConfigurationManager configuration, OperationConfigurations configurations) {
            this.core = core;
            this.configuration = configuration;
            this.configurations = configurations;
        }

        @Override
        public void cooldown(String operation, Duration remaining) {
            core.cooldownFromElsewhere(operation, remaining);
        }

        @Override
        public void breakerOpened(String operation, Duration remaining) {
            CircuitBreakerConfig breaker = breakerSettings(operation);
            if (breaker != null) {
                core.breakerOpenedElsewhere(operation, breaker, remaining);
            }
        }

        @Override
        public void breakerClosed(String operation) {
            CircuitBreakerConfig breaker = breakerSettings(operation);
            if (breaker != null) {
                core.breakerClosedElsewhere(operation, breaker);
            }
        }

        /** The operation's breaker settings here; null when its breaker is disabled here. */
        private CircuitBreakerConfig breakerSettings(String operation) {
            ResilienceConfig config = configurations.operationConfig(operation);
            return config.enableCircuitBreaker() ? config.circuitBreaker() : null;
        }

        @Override
        public void configuration(String document) {
            try {
                configuration.update(ConfigSchema.check(document), ConfigurationManager.SHARED_UPDATE);
            } catch (InvalidConfigurationException e) {
                // Accepted where it was made, refused here (another version?): this instance keeps its configuration.
                LOG.warn("A runtime configuration update shared by another instance is refused here and not applied: {}",
                        e.getMessage());
            }
        }
    }

    /** Tells the other instances about an update this one accepted; sharing never fails the update. */
    private ResolvedConfiguration shared(ResolvedConfiguration accepted, String document) {
        try {
            shared.configurationUpdated(document);
        } catch (RuntimeException e) {
            LOG.warn("A runtime configuration update was applied here but could not be shared: {}", e.toString());
        }
        return accepted;
    }

    /**
     * What was wrong with the settings this orchestrator started from (empty when they were valid): in lenient mode
     * (the default) it starts anyway, without the invalid settings, and reports them here and in
     * {@link #getHealthStatus()}.
     */
    public List<ConfigProblem> getStartupConfigurationProblems() {
        return startupProblems;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- decorators (the seed's with_* functions)

    /**
     * A decorator for {@code operation} (the seed's {@code with_resilience}).
     *
     * @param strategy explicit strategy, or {@code null} to use the operation's configuration (parse a wire
     *     name with {@link ResilienceStrategy#fromString})
     * @param customConfig explicit configuration, or {@code null}; wins over {@code strategy}
     * @param fallback answers failed or rejected calls, or {@code null} to let failures through
     * @throws IllegalArgumentException if the operation name is empty, longer than 200 characters or has control characters
     */
    public <R> ResilienceDecorator<R> withResilience(String operation, ResilienceStrategy strategy,
            ResilienceConfig customConfig, Fallback<? extends R> fallback) {
        OperationNames.validate(operation);
        ResilienceConfig config = configurations.resolve(operation, strategy, customConfig);
        if (config.enableCircuitBreaker()) {
            // The seed creates the breaker when it wraps (§1.5): health and metrics list it before the first call.
            core.getOrCreateCircuitBreaker(operation, config.circuitBreaker());
        }
        return new ResilienceDecorator<>(this, operation, strategy, customConfig, fallback, null);
    }

    public <R> ResilienceDecorator<R> withResilience(String operation, ResilienceStrategy strategy) {
        return withResilience(operation, strategy, null, null);
    }

    /** A decorator that uses the operation's own configuration (the seed's {@code with_operation_resilience}). */
    public <R> ResilienceDecorator<R> withOperationResilience(String operation) {
        return withResilience(operation, null, null, null);
    }

    public <R> ResilienceDecorator<R> withOperationResilience(String operation, Fallback<? extends R> fallback) {
        return withResilience(operation, null, null, fallback);
    }

    /**
     * The fluent form: {@code resilience.operation("chat").strategy(CRITICAL).fallback(fb).call(fn)}.
     *
     * @throws IllegalArgumentException if the operation name is empty, longer than 200 characters or has control characters
     */
    public ResilientOperation operation(String operation) {
        OperationNames.validate(operation);
        return new ResilientOperation(this, operation, null, null);
    }

    // ---------------------------------------------------------------- configuration

    /** Makes {@code strategy} the operation's configuration from now on, for decorators old and new. */
    public void registerOperation(String operation, ResilienceStrategy strategy) {
        configurations.register(operation, Objects.requireNonNull(strategy, "strategy must not be null"));
    }

    /**
     * Makes {@code config} the operation's configuration from now on, for decorators old and new (used for
     * per-operation settings such as the Spring Boot starter's {@code ai.resilience.operations.<name>.*}).
     * Runtime updates no longer change this operation's numbers; {@link #registerOperation(String,
     * ResilienceStrategy)} replaces it again.
     */
    public void registerOperationConfig(String operation, ResilienceConfig config) {
        configurations.register(operation, Objects.requireNonNull(config, "config must not be null"));
    }

    /** The configuration a call of {@code operation} without explicit strategy or custom config runs with. */
    public ResilienceConfig getOperationConfig(String operation) {
        return configurations.operationConfig(operation);
    }

    /** The configuration in force, with the source of every value. */
    public ResolvedConfiguration getConfiguration() {
        return configurations.configuration().resolved();
    }

    /**
     * Applies a JSON document of configuration keys on top of the configuration in force, atomically: calls
     * already under way finish with the configuration they started with, later calls see the whole update.
     * Breakers whose parameters changed are rebuilt on their next call; an open circuit stays open. With a
     * {@linkplain Builder#sharedState shared state}, the update reaches the other instances too, and instances that
     * start later.
     *
     * @return the configuration now in force
     * @throws InvalidConfigurationException with every problem found; nothing is changed
     */
    public ResolvedConfiguration updateConfiguration(String json) {
        return shared(configuration.update(ConfigSchema.check(json), "update_configuration"), json);
    }

    /** As {@link #updateConfiguration(String)}, with the document as a map of JSON-like values. */
    public ResolvedConfiguration updateConfiguration(Map<String, ?> document) {
        return shared(configuration.update(ConfigSchema.check(document), "update_configuration"),
                ConfigSchema.toJson(document));
    }

    /**
     * As {@link #updateConfiguration(String)}, with the document read from a JSON file.
     *
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public ResolvedConfiguration updateConfiguration(Path file) {
        Objects.requireNonNull(file, "file must not be null");
        String json;
        try {
            json = java.nio.file.Files.size(file) > ConfigSchema.MAX_PAYLOAD_BYTES
                    ? null : java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read configuration file " + file, e);
        }
        if (json == null) {
            throw new InvalidConfigurationException(ConfigSchema.problem("$", "at most " + ConfigSchema.MAX_PAYLOAD_BYTES
                    + " bytes", file.toString(), "Configuration file " + file + " is larger than " + ConfigSchema.MAX_PAYLOAD_BYTES + " bytes"));
        }
        return shared(configuration.update(ConfigSchema.check(json), "file:" + file), json);
    }

    /**
     * Whether {@link #updateConfiguration(String)} would accept {@code json}, with warnings and suggestions.
     * Changes and records nothing.
     */
    public ValidationResult validateConfiguration(String json) {
        return configuration.validate(ConfigSchema.check(json));
    }

    /** The seed's {@code validate(json)}: the same as {@link #validateConfiguration(String)}. */
    public ValidationResult validate(String json) {
        return validateConfiguration(json);
    }

    /**
     * Applies a JSON file now and again whenever its content changes, checked every {@code pollInterval} on the
     * orchestrator's scheduler. An invalid edit is logged and ignored; the configuration in force stays.
     *
     * @return closing it stops the watch
     * @throws InvalidConfigurationException if the file is invalid now
     */
    public AutoCloseable watchConfiguration(Path file, Duration pollInterval) {
        return configuration.watch(Objects.requireNonNull(file, "file must not be null"), Objects.requireNonNull(pollInterval, "pollInterval must not be null"));
    }

    /** The log of configuration loads, changes, validations and errors. */
    public ConfigEventLog configEvents() {
        return configuration.events();
    }

    ResilienceConfig resolveConfig(String operation, ResilienceStrategy strategy, ResilienceConfig custom) {
        return configurations.resolve(operation, strategy, custom);
    }

    /** The configuration in force, as one snapshot: what a routed call reads its configuration and route from. */
    ConfigurationSnapshot configurationSnapshot() {
        return configurations.configuration();
    }

    ResilienceConfig resolveConfig(String operation, ResilienceStrategy strategy, ResilienceConfig custom,
            ConfigurationSnapshot snapshot) {
        return configurations.resolve(operation, strategy, custom, snapshot);
    }

    // ---------------------------------------------------------------- circuit breakers

    /**
     * The Resilience4j breaker of {@code name}; created with {@code config} if there is none (an existing one
     * is returned as it is). Calls rebuild it when the configuration they run with differs.
     */
    public CircuitBreaker getOrCreateCircuitBreaker(String name, CircuitBreakerConfig config) {
        return core.getOrCreateCircuitBreaker(name, Objects.requireNonNull(config, "config must not be null"));
    }

    /** The breaker of {@code name} as reported by the metrics and health endpoints, if it exists. */
    public Optional<CircuitBreakerSnapshot> getCircuitBreaker(String name) {
        return core.circuitBreaker(name);
    }

    /**
     * When {@code operation}'s rate-limit cooldown ends: every caller waits for it (or is answered at once when it
     * outlasts the call's budget) after a provider's 429 with {@code Retry-After}. Empty when not cooling down.
     */
    public Optional<Instant> getCooldownUntil(String operation) {
        return core.cooldownUntil(operation);
    }

    /**
     * Whether the state shared with other instances is reachable now: empty when nothing is shared (no
     * {@linkplain Builder#sharedState shared state}), else true or false (calls then go on with local state).
     */
    public Optional<Boolean> isSharedStateAvailable() {
        SharedState shared = core.sharedState();
        return shared.isShared() ? Optional.of(shared.available()) : Optional.empty();
    }

    /** Facts this instance could not share since it started (the shared store away or slow); 0 when none is used. */
    public long getSharedStateFailures() {
        return core.sharedState().failures();
    }

    /** How long {@code operation}'s rate-limit cooldown still holds its callers; zero when it is not cooling down. */
    public Duration getCooldownRemaining(String operation) {
        return core.cooldownRemaining(operation);
    }

    /**
     * What the quota of the route target {@code target} has left (requests and tokens in the rolling minute, -1 for a
     * kind it does not limit); empty when the target has no quota or has not been called.
     */
    public Optional<QuotaRemaining> getQuotaRemaining(String target) {
        return core.quotaRemaining(target);
    }

    /**
     * Closes the breaker, clears its failure count and the operation's rate-limit cooldown; its metrics are kept.
     * Returns false if there is no breaker of that name.
     */
    public boolean resetCircuitBreaker(String name) {
        return core.resetCircuitBreaker(name);
    }

    /**
     * Registers a health probe for {@code operation}'s circuit: a cheap request to the provider (listing its models,
     * say) that tells whether it answers again. While the circuit is open the probe runs every
     * {@code health_probe_interval_seconds} on the scheduler, one run at a time; the first healthy run (it returns
     * normally, and not {@code false}) moves the circuit to half-open, so the next call is the trial instead of
     * waiting out the open period. Probe runs are not calls: they count in no call metric; each publishes a
     * {@link dev.airesilience.event.HealthProbeEvent} and the breaker's snapshot counts them. Replaces an earlier
     * probe of the operation.
     *
     * @throws IllegalArgumentException if the operation name is invalid
     */
    public void registerHealthProbe(String operation, Callable<?> probe) {
        OperationNames.validate(operation);
        core.healthProbe(operation, Objects.requireNonNull(probe, "probe must not be null"));
    }

    /** Removes {@code operation}'s health probe, if it has one; a run in progress finishes. */
    public void removeHealthProbe(String operation) {
        OperationNames.validate(operation);
        core.healthProbe(operation, null);
    }

    /** The Resilience4j registry that holds every operation's breaker, for Resilience4j tooling. */
    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return core.circuitBreakerRegistry();
    }

    // ---------------------------------------------------------------- metrics and health

    /** The operation's metrics; all zero for an operation never called (reading does not create it). */
    public ResilienceMetrics getMetrics(String operation) {
        return core.metrics(operation);
    }

    /** {@code {operations, circuit_breakers, summary}}; serialises to JSON with Jackson. */
    public AllMetrics getAllMetrics() {
        return core.allMetrics();
    }

    /** Forgets every operation's metrics; breakers and their states are kept. */
    public void resetMetrics() {
        core.resetAllMetrics();
    }

    /** Zeroes one operation's metrics (and its breaker's); the breaker state is kept. Unknown names are ignored. */
    public void resetMetrics(String operation) {
        core.resetMetrics(operation);
    }

    /** True when no circuit is open; half-open circuits are healthy. */
    public boolean isHealthy() {
        return core.isHealthy();
    }

    public HealthStatus getHealthStatus() {
        HealthStatus health = core.health();
        return startupProblems.isEmpty() ? health
                : health.withConfigurationProblems(startupProblems.stream().map(ConfigProblem::message).toList());
    }

    /** Adds a listener to a running orchestrator (for example a metrics binder); it sees calls from now on. */
    public void addListener(ResilienceListener listener) {
        core.addListener(Objects.requireNonNull(listener, "listener must not be null"));
    }

    public boolean removeListener(ResilienceListener listener) {
        return core.removeListener(listener);
    }

    /** Every operation name the orchestrator tracks, sorted. */
    public List<String> operations() {
        return core.operationNames();
    }

    static {
        CoreAccess.register(resilience -> ((AIServiceResilience) resilience).core);
    }

    /** The machinery, for this package's decorators. */
    ResilienceCore core() {
        return core;
    }

    /** Whether {@link #close()} has run: the worker threads are released and asynchronous calls no longer wait. */
    public boolean isClosed() {
        return core.isClosed();
    }

    /** Releases the scheduler thread of the asynchronous path. Pending asynchronous retries fail. */
    @Override
    public void close() {
        core.close();
    }

    /** Configures an {@link AIServiceResilience}. Time, sleeping, scheduling and randomness are injectable. */
    public static final class Builder {
        private TimeSource time = TimeSource.system();
        private Sleeper sleeper = Sleeper.system();
        private Scheduler scheduler;
        private RandomGenerator random = ThreadLocalRandomGenerator.INSTANCE;
        private FailureClassifier classifier = FailureClassifier.defaults();
        private final List<ResilienceListener> listeners = new ArrayList<>();
        private int maxOperations = DEFAULT_MAX_OPERATIONS;
        private final Map<ResilienceStrategy, ResilienceConfig> strategyConfigs = new EnumMap<>(ResilienceStrategy.class);
        private ResilienceSettings settings;
        private boolean strictConfiguration;
        // Context and tracing
        private boolean propagateMdc = true;
        private final List<CallContextPropagator> propagators = new ArrayList<>();
        private CallInstrumentation instrumentation;
        private SharedState sharedState = SharedState.none();

        private Builder() {}

        /**
         * What this orchestrator shares with the other instances of the service (the {@code ai-resilience-redis}
         * module's {@code RedisSharedState}): a rate-limit cooldown any of them learns holds them all. The
         * orchestrator starts it and closes it on {@link AIServiceResilience#close()}. Default: nothing is shared.
         */
        public Builder sharedState(SharedState sharedState) {
            this.sharedState = Objects.requireNonNull(sharedState, "sharedState must not be null");
            return this;
        }

        /**
         * Carries SLF4J's MDC from the caller to the threads that run timed attempts, asynchronous retries and
         * fallbacks (on by default). A blocking call without an attempt timeout runs on the caller's thread anyway.
         */
        public Builder propagateMdc(boolean propagate) {
            this.propagateMdc = propagate;
            return this;
        }

        /**
         * Adds a context propagator (for example {@code ContextSnapshotPropagator} of {@code ai-resilience-micrometer},
         * which carries Micrometer's context propagation: tracing, Spring Security...). Restored after the MDC, in
         * the order added.
         */
        public Builder contextPropagator(CallContextPropagator propagator) {
            this.propagators.add(Objects.requireNonNull(propagator, "contextPropagator must not be null"));
            return this;
        }

        /**
         * Observes every call and attempt (for example {@code ObservationCallInstrumentation} of
         * {@code ai-resilience-micrometer}); replaces an earlier one.
         */
        public Builder instrumentation(CallInstrumentation instrumentation) {
            this.instrumentation = Objects.requireNonNull(instrumentation, "instrumentation must not be null");
            return this;
        }

        private List<CallContextPropagator> contextPropagators() {
            List<CallContextPropagator> all = new ArrayList<>();
            if (propagateMdc) {
                all.add(CallContextPropagator.mdc()); // first: a tracing scope opened after it may add trace ids to it
            }
            all.addAll(propagators);
            return List.copyOf(all);
        }

        /**
         * Strict: invalid settings make {@link #build()} throw {@link InvalidConfigurationException} with every
         * problem. Lenient (the default, as the seed): the orchestrator starts without them and reports them.
         */
        public Builder strictConfiguration(boolean strict) {
            this.strictConfiguration = strict;
            return this;
        }

        /** Puts a preset, legacy values and custom JSON into effect; without settings the strategy table applies. */
        public Builder settings(ResilienceSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings must not be null");
            return this;
        }

        public Builder timeSource(TimeSource time) {
            this.time = Objects.requireNonNull(time, "timeSource must not be null");
            return this;
        }

        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper must not be null");
            return this;
        }

        /** Where asynchronous calls schedule their backoff; by default a daemon timer released by {@code close()}. */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler must not be null");
            return this;
        }

        /** Sets time source, sleeper and scheduler at once, typically to a {@link dev.airesilience.time.ManualClock}. */
        public <C extends TimeSource & Sleeper & Scheduler> Builder clock(C clock) {
            return timeSource(clock).sleeper(clock).scheduler(clock);
        }

        /** The source of jitter; must be thread-safe (for example a seeded {@link java.util.Random}). */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        public Builder classifier(FailureClassifier classifier) {
            this.classifier = Objects.requireNonNull(classifier, "classifier must not be null");
            return this;
        }

        public Builder listener(ResilienceListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener must not be null"));
            return this;
        }

        /** Cap on distinct operation names (1–1,000,000; default 10,000). */
        public Builder maxOperations(int maxOperations) {
            this.maxOperations = Preconditions.checkRange("maxOperations", maxOperations, 1, 1_000_000);
            return this;
        }

        /** Replaces one strategy's configuration in this orchestrator's strategy table. */
        public Builder strategyConfig(ResilienceStrategy strategy, ResilienceConfig config) {
            this.strategyConfigs.put(Objects.requireNonNull(strategy, "strategy must not be null"),
                    Objects.requireNonNull(config, "config must not be null"));
            return this;
        }

        public AIServiceResilience build() {
            return new AIServiceResilience(this);
        }
    }

    /** ThreadLocalRandom cannot be stored across threads; this delegates to the current thread's instance. */
    private enum ThreadLocalRandomGenerator implements RandomGenerator {
        INSTANCE;

        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public double nextDouble() {
            return ThreadLocalRandom.current().nextDouble();
        }
    }
}
