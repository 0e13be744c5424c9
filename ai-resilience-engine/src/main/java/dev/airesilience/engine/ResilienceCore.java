package dev.airesilience.engine;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.context.CallContextPropagator;
import dev.airesilience.context.CallInstrumentation;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.StreamStartedEvent;
import dev.airesilience.fallback.AsyncFallback;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.health.CircuitState;
import dev.airesilience.health.HealthStatus;
import dev.airesilience.internal.DefaultScheduler;
import dev.airesilience.internal.Redaction;
import dev.airesilience.metrics.AllMetrics;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.MetricsSummary;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.metrics.TargetSnapshot;
import dev.airesilience.pipeline.CallContexts;
import dev.airesilience.pipeline.CallEngine;
import dev.airesilience.pipeline.Operation;
import dev.airesilience.pipeline.Pipeline;
import dev.airesilience.quota.QuotaRemaining;
import dev.airesilience.ratelimit.CooldownStage;
import dev.airesilience.ratelimit.QuotaStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.recording.MetricsRecorder;
import dev.airesilience.retry.RetryBudgetStage;
import dev.airesilience.retry.RetryStage;
import dev.airesilience.routing.AsyncTargetFunction;
import dev.airesilience.routing.TargetFunction;
import dev.airesilience.shared.SharedState;
import dev.airesilience.throttle.ThrottleStage;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.Sleeper;
import dev.airesilience.time.TimeSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code AIServiceResilience}: the operations (each with its pipeline of stages and its metrics),
 * their breakers' registry, the two drivers, and the reports read from them. It takes each call's configuration as
 * given; which configuration applies is the configuration layer's business. Not part of the public API.
 */
public final class ResilienceCore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResilienceCore.class);

    private final TimeSource time;
    private final Listeners listeners;
    private final OperationRegistry operations;
    private final Breakers breakers;
    private final CallEngine engine;
    private final SharedState shared;
    private final DefaultScheduler ownScheduler;
    private final Scheduler scheduler;

    public ResilienceCore(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, List<ResilienceListener> listenerList, int maxOperations) {
        this(time, sleeper, scheduler, random, classifier, listenerList, maxOperations,
                List.of(), null);
    }

    /**
     * With context propagators and a call instrumentation; {@code instrumentation} may be null.
     */
    public ResilienceCore(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, List<ResilienceListener> listenerList, int maxOperations,
            List<CallContextPropagator> propagators,
            CallInstrumentation instrumentation) {
        this(time, sleeper, scheduler, random, classifier, listenerList, maxOperations, propagators, instrumentation,
                SharedState.none());
    }

    /**
     * With the state shared with other instances ({@link SharedState#none()}: none): the cooldowns this core learns
     * are told to it; its owner starts it (cooldowns from elsewhere go to {@link #cooldownFromElsewhere}) and the core
     * closes it when it closes.
     */
    public ResilienceCore(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, List<ResilienceListener> listenerList, int maxOperations,
            List<CallContextPropagator> propagators,
            CallInstrumentation instrumentation, SharedState shared) {
        this.time = time;
        this.shared = shared;
        this.listeners = new Listeners(listenerList);
        this.ownScheduler = scheduler == null ? new DefaultScheduler() : null;
        this.scheduler = scheduler == null ? ownScheduler : scheduler;
        this.breakers = new Breakers(time, listeners, random, this.scheduler, shared);
        this.engine = new CallEngine(time, sleeper, this.scheduler, random, classifier,
                listeners, new CallContexts(propagators, instrumentation));
        // The stages every call of an operation runs through, in order; each keeps its concern's per-operation state.
        RetryStage retry = new RetryStage(random); // keeps no per-operation state: one for all operations
        // The throttle comes after the cooldown (a known rate limit waits rather than counting as refused requests)
        // and before the breaker (a locally shed attempt takes no half-open trial); the budget comes before the retry
        // policy so that it can stop a retry and name itself as the reason. See ARCHITECTURE.md.
        // A route's target (operation "target:<name>") also keeps its quota, after the cooldown (a provider's known
        // rate limit is waited out first) and before the throttle and the breaker (a call they refuse gives its
        // reservation back); other operations have no quota stage, so they pay nothing for it.
        this.operations = new OperationRegistry(maxOperations, op -> {
            CooldownStage cooldown = new CooldownStage(time, random,
                    shared.isShared() ? remaining -> share(shared, op, remaining) : null);
            ThrottleStage throttle = new ThrottleStage(op.name(), time, random);
            BreakerStage breaker = new BreakerStage(op, breakers, time);
            return new Pipeline(op.name().startsWith(RoutingConfig.Target.OPERATION_PREFIX)
                    ? List.of(cooldown, new QuotaStage(op.name(), time, shared), throttle, breaker, new RetryBudgetStage(), retry)
                    : List.of(cooldown, throttle, breaker, new RetryBudgetStage(), retry));
        });
    }

    /** Tells the other instances about a cooldown; sharing never fails a call, whatever the implementation does. */
    private static void share(SharedState shared, Operation op, long remainingNanos) {
        try {
            shared.cooldownStarted(op.name(), Duration.ofNanos(remainingNanos));
        } catch (RuntimeException e) {
            LOG.debug("Cooldown of operation '{}' not shared: {}", op.name(), e.toString());
        }
    }

    /**
     * Another instance's cooldown: holds this instance's callers of the operation as well. An operation this
     * instance has not called yet is created, so its first call waits too; a name over the cap or not valid here
     * is ignored (nothing another instance says may fail this one).
     */
    public void cooldownFromElsewhere(String operation, Duration remaining) {
        try {
            cooldownStage(operations.getOrCreate(operation)).holdFor(remaining.toNanos());
        } catch (RuntimeException e) {
            LOG.debug("Shared cooldown of operation '{}' not applied: {}", operation, e.toString());
        }
    }

    /**
     * Another instance's breaker for the operation opened, for {@code remaining} more: this instance's closed breaker
     * opens for as long ({@code config}: the operation's breaker settings here, for a breaker made now). Like a
     * cooldown from elsewhere, nothing another instance says may fail this one.
     */
    public void breakerOpenedElsewhere(String operation, CircuitBreakerConfig config, Duration remaining) {
        try {
            breakerStage(operations.getOrCreate(operation)).openedElsewhere(config, remaining);
        } catch (RuntimeException e) {
            LOG.debug("Shared opening of the breaker of operation '{}' not applied: {}", operation, e.toString());
        }
    }

    /** Another instance's trial of the operation succeeded: this instance's open breaker goes half-open. */
    public void breakerClosedElsewhere(String operation, CircuitBreakerConfig config) {
        try {
            breakerStage(operations.getOrCreate(operation)).closedElsewhere(config);
        } catch (RuntimeException e) {
            LOG.debug("Shared recovery of the breaker of operation '{}' not applied: {}", operation, e.toString());
        }
    }

    public void addListener(ResilienceListener listener) {
        listeners.add(listener);
    }

    public boolean removeListener(ResilienceListener listener) {
        return listeners.remove(listener);
    }

    /** Where timed work (asynchronous backoff, file polling) is scheduled. */
    public Scheduler scheduler() {
        return scheduler;
    }

    // ---------------------------------------------------------------- calls

    /** A handle on {@code operation}, created if it does not exist yet (within the operations limit). */
    public OperationHandle operation(String operation) {
        return new OperationHandle(operations.getOrCreate(operation));
    }

    public <T> T execute(OperationHandle operation, ResilienceConfig config, Callable<? extends T> function,
            Fallback<? extends T> fallback, Object argument) {
        return engine.execute(operation.operation, config, function, fallback, argument);
    }

    public <T> CompletableFuture<T> executeAsync(OperationHandle operation, ResilienceConfig config,
            Supplier<? extends CompletionStage<? extends T>> function, Fallback<? extends T> fallback,
            AsyncFallback<? extends T> asyncFallback, Object argument) {
        return engine.executeAsync(operation.operation, config, function, fallback, asyncFallback, argument);
    }

    /**
     * A routed call of {@code operation} over {@code routing}'s targets, each keeping its state under the operation
     * {@code target:<name>} (shared by every route to it, and counted in {@code maxOperations}); each request is
     * estimated to use {@code estimatedTokens} of a target's quota (0: not said).
     */
    public <T> T executeRouted(OperationHandle operation, ResilienceConfig config, RoutingConfig routing,
            long estimatedTokens, TargetFunction<? extends T> function, Fallback<? extends T> fallback,
            Object argument) {
        return engine.executeRouted(operation.operation, config, routing, operations::getOrCreate, estimatedTokens,
                function, fallback, argument);
    }

    public <T> CompletableFuture<T> executeRoutedAsync(OperationHandle operation, ResilienceConfig config,
            RoutingConfig routing, long estimatedTokens, AsyncTargetFunction<? extends T> function,
            Fallback<? extends T> fallback, AsyncFallback<? extends T> asyncFallback, Object argument) {
        return engine.executeRoutedAsync(operation.operation, config, routing, operations::getOrCreate,
                estimatedTokens, function, fallback, asyncFallback, argument);
    }

    /** The quota {@code target} (a target's name) has left, or empty when it has none or has not been called. */
    public Optional<QuotaRemaining> quotaRemaining(String target) {
        Operation op = operations.find(RoutingConfig.Target.OPERATION_PREFIX + target);
        QuotaStage quota = op == null ? null : op.pipeline().find(QuotaStage.class);
        return quota == null ? Optional.empty() : Optional.of(quota.remaining());
    }

    public <T> T execute(String operation, ResilienceConfig config, Callable<? extends T> function,
            Fallback<? extends T> fallback, Object argument) {
        return engine.execute(operations.getOrCreate(operation), config, function, fallback, argument);
    }

    public <T> CompletableFuture<T> executeAsync(String operation, ResilienceConfig config,
            Supplier<? extends CompletionStage<? extends T>> function, Fallback<? extends T> fallback,
            AsyncFallback<? extends T> asyncFallback, Object argument) {
        return engine.executeAsync(operations.getOrCreate(operation), config, function, fallback, asyncFallback, argument);
    }

    // ---------------------------------------------------------------- breakers

    public CircuitBreaker getOrCreateCircuitBreaker(String name, CircuitBreakerConfig config) {
        return breakerStage(operations.getOrCreate(name)).breaker(config);
    }

    public Optional<CircuitBreakerSnapshot> circuitBreaker(String name) {
        Operation op = operations.find(name);
        return op == null ? Optional.empty() : Optional.ofNullable(breakerStage(op).snapshot());
    }

    /**
     * Closes the operation's breaker, ends its rate-limit cooldown, forgets its throttle window and refills its retry
     * budget; false for an unknown operation. Works with the breaker disabled too.
     */
    public boolean resetCircuitBreaker(String name) {
        Operation op = operations.find(name);
        if (op == null) {
            return false;
        }
        breakerStage(op).resetQuietly();
        // A manual reset says "the provider is fine again": a pending rate-limit cooldown (possibly a hostile,
        // day-long Retry-After) must not keep answering with fallbacks after it.
        cooldownStage(op).reset();
        op.pipeline().find(ThrottleStage.class).reset();
        op.pipeline().find(RetryBudgetStage.class).reset();
        return true;
    }

    /**
     * Registers {@code probe} as the operation's health probe, or removes it ({@code null}); see
     * {@link BreakerStage#healthProbe}.
     */
    public void healthProbe(String operation, Callable<?> probe) {
        breakerStage(operations.getOrCreate(operation)).healthProbe(probe);
    }

    public CircuitBreakerRegistry circuitBreakerRegistry() {
        return breakers.registry();
    }

    // ---------------------------------------------------------------- metrics and health

    /** A streamed call of {@code operation} delivered its first element {@code nanos} after it started. */
    public void recordTimeToFirstToken(String operation, long nanos) {
        operations.getOrCreate(operation).metrics().timeToFirstToken(nanos);
        if (!listeners.isEmpty()) {
            listeners.publish(new StreamStartedEvent(operation, Duration.ofNanos(nanos)));
        }
    }

    /**
     * When the operation's shared rate-limit cooldown (learnt from a provider's 429 and {@code Retry-After}) ends,
     * or empty when it is not cooling down; creates nothing for an unknown operation.
     */
    public Optional<Instant> cooldownUntil(String operation) {
        Operation op = operations.find(operation);
        if (op == null) {
            return Optional.empty();
        }
        long remaining = cooldownStage(op).remainingNanos(time.nanoTime());
        return remaining > 0 ? Optional.of(time.now().plusNanos(remaining)) : Optional.empty();
    }

    /** The state shared with other instances ({@link SharedState#none()} when nothing is shared). */
    public SharedState sharedState() {
        return shared;
    }

    /** How long the operation's cooldown still holds; zero when none does (or the operation is unknown). */
    public Duration cooldownRemaining(String operation) {
        Operation op = operations.find(operation);
        return op == null ? Duration.ZERO : Duration.ofNanos(cooldownStage(op).remainingNanos(time.nanoTime()));
    }

    /** The operation's metrics; a zeroed record, without creating anything, for an unknown operation. */
    public ResilienceMetrics metrics(String operation) {
        Operation op = operations.find(operation);
        MetricsRecorder recorder = op == null ? null : op.metricsIfAny();
        return recorder == null ? ResilienceMetrics.EMPTY : recorder.snapshot(time);
    }

    public boolean hasMetrics(String operation) {
        Operation op = operations.find(operation);
        return op != null && op.metricsIfAny() != null;
    }

    public AllMetrics allMetrics() {
        Map<String, ResilienceMetrics> byOperation = new TreeMap<>();
        Map<String, CircuitBreakerSnapshot> byBreaker = new TreeMap<>();
        Map<String, Instant> cooldowns = new TreeMap<>();
        Map<String, TargetSnapshot> targets = new TreeMap<>();
        long successful = 0;
        long failed = 0;
        long rejected = 0;
        int healthyBreakers = 0;
        long nowNanos = time.nanoTime();
        Instant now = time.now();
        for (Operation op : operations.all()) {
            MetricsRecorder recorder = op.metricsIfAny();
            ResilienceMetrics metrics = null;
            if (recorder != null) {
                metrics = recorder.snapshot(time);
                byOperation.put(op.name(), metrics);
                successful += metrics.successfulCalls();
                failed += metrics.failedCalls();
                rejected += metrics.rejectedCalls();
            }
            CircuitBreakerSnapshot snapshot = breakerStage(op).snapshot();
            if (snapshot != null) {
                byBreaker.put(op.name(), snapshot);
                if (snapshot.healthy()) {
                    healthyBreakers++;
                }
            }
            long cooling = cooldownStage(op).remainingNanos(nowNanos);
            Instant cooldownUntil = cooling > 0 ? now.plusNanos(cooling) : null;
            if (cooldownUntil != null) {
                cooldowns.put(op.name(), cooldownUntil);
            }
            if (op.name().startsWith(RoutingConfig.Target.OPERATION_PREFIX)) {
                targets.put(op.name().substring(RoutingConfig.Target.OPERATION_PREFIX.length()),
                        targetSnapshot(op, snapshot, cooldownUntil, recorder, metrics));
            }
        }
        long total = successful + failed + rejected;
        double successRate = total == 0 ? 0.0 : Math.round(successful * 10_000.0 / total) / 100.0;
        MetricsSummary summary = new MetricsSummary(byOperation.size(), byBreaker.size(), healthyBreakers, total,
                successful, failed, successRate, now);
        return new AllMetrics(byOperation, byBreaker, cooldowns, targets, summary);
    }

    /**
     * A route target's state, from what {@link #allMetrics()} has just read of its operation: its breaker, cooldown,
     * quota left and last error (its time is the metrics' last failure).
     */
    private static TargetSnapshot targetSnapshot(Operation op, CircuitBreakerSnapshot breaker, Instant cooldownUntil,
            MetricsRecorder recorder, ResilienceMetrics metrics) {
        QuotaStage quota = op.pipeline().find(QuotaStage.class);
        QuotaRemaining left = quota == null ? new QuotaRemaining(-1, -1) : quota.remaining();
        Throwable error = recorder == null ? null : recorder.lastError();
        return new TargetSnapshot(breaker == null ? null : breaker.state(), cooldownUntil,
                left.requests() < 0 ? null : left.requests(), left.tokens() < 0 ? null : left.tokens(),
                error == null ? null : Redaction.describe(error), error == null ? null : metrics.lastFailure());
    }

    public void resetMetrics(String operation) {
        Operation op = operations.find(operation);
        if (op == null) {
            return;
        }
        if (op.metricsIfAny() != null) {
            op.replaceMetrics(new MetricsRecorder()); // the breaker reports from it too, so both restart from zero
        }
    }

    public void resetAllMetrics() {
        for (Operation op : operations.all()) {
            op.replaceMetrics(null);
        }
    }

    public boolean isHealthy() {
        for (Operation op : operations.all()) {
            if (breakerStage(op).reportedState() == CircuitState.OPEN) {
                return false;
            }
        }
        return true;
    }

    public HealthStatus health() {
        List<String> open = new ArrayList<>();
        List<String> halfOpen = new ArrayList<>();
        int breakerCount = 0;
        int withMetrics = 0;
        List<String> coolingDown = new ArrayList<>();
        long now = time.nanoTime();
        for (Operation op : operations.all()) {
            if (op.metricsIfAny() != null) {
                withMetrics++;
            }
            if (cooldownStage(op).remainingNanos(now) > 0) {
                coolingDown.add(op.name());
            }
            CircuitState state = breakerStage(op).reportedState();
            if (state == null) {
                continue;
            }
            breakerCount++;
            if (state == CircuitState.OPEN) {
                open.add(op.name());
            } else if (state == CircuitState.HALF_OPEN) {
                halfOpen.add(op.name());
            }
        }
        open.sort(null);
        halfOpen.sort(null);
        coolingDown.sort(null);
        return new HealthStatus(open.isEmpty(), open, halfOpen, breakerCount, withMetrics, time.now())
                .withSharedState(shared.isShared() ? (shared.available() ? "available" : "unavailable") : null)
                .withCoolingDown(coolingDown);
    }

    /** Names of every operation the orchestrator tracks, sorted. */
    public List<String> operationNames() {
        List<String> names = new ArrayList<>();
        for (Operation op : operations.all()) {
            names.add(op.name());
        }
        names.sort(null);
        return names;
    }

    public int maxOperations() {
        return operations.maxOperations();
    }

    public TimeSource time() {
        return time;
    }

    private static BreakerStage breakerStage(Operation op) {
        return op.pipeline().find(BreakerStage.class);
    }

    private static CooldownStage cooldownStage(Operation op) {
        return op.pipeline().find(CooldownStage.class);
    }

    private volatile boolean closed;

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        shared.close();
        breakers.close();
        engine.close();
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }
}
