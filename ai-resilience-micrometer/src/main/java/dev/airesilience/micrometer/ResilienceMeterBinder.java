package dev.airesilience.micrometer;

import static dev.airesilience.micrometer.ResilienceMeters.TagKey.FROM;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.KIND;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.OPERATION;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.OUTCOME;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.REASON;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.STRATEGY;
import static dev.airesilience.micrometer.ResilienceMeters.TagKey.TO;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.HedgeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.StreamStartedEvent;
import dev.airesilience.health.CircuitState;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes an {@link AIServiceResilience}'s calls, attempts, retries, latency and circuit states as Micrometer
 * meters, per operation; {@link ResilienceMeters} lists them all.
 *
 * <p>Calls, attempts and retries are counted from each logical call's one {@link CallCompletedEvent}, hedges from
 * {@link HedgeEvent}s, and circuit
 * transitions from {@link CircuitStateChangeEvent}s: the very events the core counts its own metrics
 * ({@code getAllMetrics()}) from, so the two agree call for call. Retries are the attempts after the first that were
 * actually made (a retry scheduled but cancelled during its backoff is counted by neither). Calls are counted by the
 * {@code ai.resilience.call.duration} timer alone, tagged with outcome and reason; its count is the number of calls.
 *
 * <pre>{@code
 * new ResilienceMeterBinder(resilience).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>The binder is a {@link ResilienceListener} of the orchestrator, so operations that appear after binding are
 * picked up: their counters and timers are created on their first event, and their circuit-state gauge as soon
 * as the binder first hears of them (operations known at binding time get it at once). Meters are cached per
 * registry, so recording a call is a few map lookups and increments.
 *
 * <p>For Resilience4j's own meters and dashboards, bind
 * {@code TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(resilience.circuitBreakerRegistry())} as well.
 *
 * <p>Thread-safe; may be bound to several registries. {@link #close()} stops recording (meters stay registered).
 */
public final class ResilienceMeterBinder implements MeterBinder, AutoCloseable {

    /** Latency range of the histogram: LLM calls with retries legitimately take minutes. */
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(10);

    private final AIServiceResilience resilience;
    private final Tags commonTags;
    private final CopyOnWriteArrayList<Bound> registries = new CopyOnWriteArrayList<>();
    private final Listener listener = new Listener();
    private final AtomicBoolean listening = new AtomicBoolean();

    public ResilienceMeterBinder(AIServiceResilience resilience) {
        this(resilience, Tags.empty());
    }

    /** @param commonTags added to every meter, for example the AI provider's name */
    public ResilienceMeterBinder(AIServiceResilience resilience, Iterable<Tag> commonTags) {
        this.resilience = Objects.requireNonNull(resilience, "resilience");
        this.commonTags = Tags.of(Objects.requireNonNull(commonTags, "commonTags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        Bound bound = new Bound(registry);
        if (!registries.addIfAbsent(bound)) {
            return; // bound twice to one registry: recording twice would double every count
        }
        if (listening.compareAndSet(false, true)) {
            resilience.addListener(listener);
        }
        ResilienceMeters available = ResilienceMeters.SHARED_STATE_AVAILABLE;
        Gauge.builder(available.meterName(), resilience,
                        r -> r.isSharedStateAvailable().map(up -> up ? 1.0 : 0.0).orElse(Double.NaN))
                .description(available.description())
                .tags(commonTags)
                .register(registry);
        ResilienceMeters failures = ResilienceMeters.SHARED_STATE_FAILURES;
        FunctionCounter.builder(failures.meterName(), resilience, r -> r.getSharedStateFailures())
                .description(failures.description())
                .baseUnit(failures.baseUnit())
                .tags(commonTags)
                .register(registry);
        // After subscribing, so an operation created meanwhile is seen at least once (seeing it twice is harmless).
        resilience.operations().forEach(bound::operation);
    }

    /** Stops listening to the orchestrator; registered meters keep their last values. */
    @Override
    public void close() {
        if (listening.compareAndSet(true, false)) {
            resilience.removeListener(listener);
        }
    }

    private double circuitState(String operation) {
        CircuitState state = resilience.getCircuitBreaker(operation)
                .map(CircuitBreakerSnapshot::state)
                .orElse(CircuitState.CLOSED);
        return state.gaugeValue();
    }

    private double cooldownSeconds(String operation) {
        return resilience.getCooldownRemaining(operation).toNanos() / 1e9;
    }

    private double quotaLeft(String target, boolean requests) {
        return resilience.getQuotaRemaining(target)
                .map(left -> requests ? left.requests() : left.tokens())
                .filter(value -> value >= 0)
                .map(Long::doubleValue)
                .orElse(Double.NaN);
    }

    private static String strategyTag(ResilienceStrategy strategy) {
        return strategy == null ? "none" : strategy.wireName();
    }

    private final class Listener implements ResilienceListener {
        @Override
        public void onCallCompleted(CallCompletedEvent event) {
            for (Bound bound : registries) {
                bound.operation(event.operation()).callCompleted(event);
            }
        }

        @Override
        public void onStreamStarted(StreamStartedEvent event) {
            for (Bound bound : registries) {
                bound.operation(event.operation()).firstToken().record(event.timeToFirstToken());
            }
        }

        @Override
        public void onHedge(HedgeEvent event) {
            for (Bound bound : registries) {
                bound.operation(event.operation()).hedge(event);
            }
        }

        @Override
        public void onCircuitStateChange(CircuitStateChangeEvent event) {
            for (Bound bound : registries) {
                bound.operation(event.operation()).transition(event.from(), event.to());
            }
        }
    }

    /** The meters of one registry. */
    private final class Bound {
        final MeterRegistry registry;
        final ConcurrentMap<String, OperationMeters> operations = new ConcurrentHashMap<>();

        Bound(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bound && ((Bound) other).registry == registry;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(registry);
        }

        OperationMeters operation(String name) {
            OperationMeters meters = operations.get(name); // lock-free fast path
            return meters != null ? meters : operations.computeIfAbsent(name, n -> new OperationMeters(registry, n));
        }
    }

    /** One operation's meters in one registry; the tag-dependent ones are created on first use. */
    private final class OperationMeters {
        final MeterRegistry registry;
        final Tags tags;
        final Counter retries;
        final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Timer> calls = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Counter> transitions = new ConcurrentHashMap<>();
        /** Created by the operation's first stream, so operations that never stream have no such timer. */
        volatile Timer firstToken;
        /** Created by the operation's first hedge, so operations that never hedge have no such counters. */
        volatile Counter hedges;
        volatile Counter hedgesWon;

        OperationMeters(MeterRegistry registry, String operation) {
            this.registry = registry;
            this.tags = commonTags.and(OPERATION.key(), operation);
            this.retries = counter(ResilienceMeters.RETRIES, tags);
            ResilienceMeters gauge = ResilienceMeters.CIRCUIT_STATE;
            Gauge.builder(gauge.meterName(), () -> circuitState(operation))
                    .description(gauge.description())
                    .tags(tags)
                    .register(registry);
            ResilienceMeters cooldown = ResilienceMeters.COOLDOWN_REMAINING;
            Gauge.builder(cooldown.meterName(), () -> cooldownSeconds(operation))
                    .description(cooldown.description())
                    .baseUnit(cooldown.baseUnit())
                    .tags(tags)
                    .register(registry);
            if (operation.startsWith(RoutingConfig.Target.OPERATION_PREFIX)) {
                String target = operation.substring(RoutingConfig.Target.OPERATION_PREFIX.length());
                ResilienceMeters quota = ResilienceMeters.QUOTA_REMAINING;
                Gauge.builder(quota.meterName(), () -> quotaLeft(target, true))
                        .description(quota.description())
                        .tags(tags.and(KIND.key(), "requests"))
                        .register(registry);
                Gauge.builder(quota.meterName(), () -> quotaLeft(target, false))
                        .description(quota.description())
                        .tags(tags.and(KIND.key(), "tokens"))
                        .register(registry);
            }
        }

        void callCompleted(CallCompletedEvent event) {
            String strategy = strategyTag(event.strategy());
            String key = callKey(strategy, event);
            Timer duration = calls.get(key); // lock-free fast path
            if (duration == null) {
                duration = calls.computeIfAbsent(key, k -> callTimer(tags.and(STRATEGY.key(), strategy)
                        .and(OUTCOME.key(), event.outcome().tag()).and(REASON.key(), event.reason().tag())));
            }
            duration.record(event.latencyNanos(), TimeUnit.NANOSECONDS);
            if (event.attempts() > 0) {
                attempts.computeIfAbsent(strategy,
                        s -> counter(ResilienceMeters.ATTEMPTS, tags.and(STRATEGY.key(), s))).increment(event.attempts());
            }
            if (event.attempts() > 1) {
                // Retries performed, not scheduled: a call cancelled during its backoff scheduled a retry that
                // never ran. Counted from the completion, as the core's retry_attempts counts re-attempts begun.
                retries.increment(event.attempts() - 1);
            }
        }

        void hedge(HedgeEvent event) {
            Counter sent = hedges;
            if (sent == null) { // registering twice returns the same counters, so a race here is harmless
                hedgesWon = counter(ResilienceMeters.HEDGES_WON, tags);
                sent = counter(ResilienceMeters.HEDGES, tags);
                hedges = sent;
            }
            (event.won() ? hedgesWon : sent).increment();
        }

        Timer firstToken() {
            Timer timer = firstToken;
            if (timer == null) {
                ResilienceMeters meter = ResilienceMeters.TIME_TO_FIRST_TOKEN;
                // Registering twice returns the same timer, so a race here is harmless.
                timer = Timer.builder(meter.meterName())
                        .description(meter.description())
                        .tags(tags)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(MIN_EXPECTED)
                        .maximumExpectedValue(MAX_EXPECTED)
                        .register(registry);
                firstToken = timer;
            }
            return timer;
        }

        void transition(CircuitState from, CircuitState to) {
            transitions.computeIfAbsent(from.wireName() + '>' + to.wireName(),
                    key -> counter(ResilienceMeters.CIRCUIT_TRANSITIONS,
                            tags.and(FROM.key(), from.wireName()).and(TO.key(), to.wireName()))).increment();
        }

        private Timer callTimer(Tags callTags) {
            ResilienceMeters meter = ResilienceMeters.CALL_DURATION;
            return Timer.builder(meter.meterName())
                    .description(meter.description())
                    .tags(callTags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(MIN_EXPECTED)
                    .maximumExpectedValue(MAX_EXPECTED)
                    .register(registry);
        }

        private Counter counter(ResilienceMeters meter, Tags meterTags) {
            return Counter.builder(meter.meterName())
                    .description(meter.description())
                    .baseUnit(meter.baseUnit())
                    .tags(meterTags)
                    .register(registry);
        }
    }

    private static String callKey(String strategy, CallCompletedEvent event) {
        return strategy + '/' + event.outcome().tag() + '/' + event.reason().tag();
    }
}
