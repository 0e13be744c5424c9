package dev.airesilience.bench.sim;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.health.CircuitState;
import dev.airesilience.quota.Usage;
import dev.airesilience.shared.SharedState;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Fallback;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Issue 15's scenarios: a route over a primary and a secondary target (or one target's token quota), every
 * contender, several seeds, on the scaled clock of {@link ScenarioSimulator}. Clients are independent users:
 * their starts are staggered and their think times jittered (±20%), so requests arrive spread out, about one per
 * {@link #healthyInterArrival()} in all.
 *
 * <p>Issue 16's scenario (m1) runs here too, because it needs the same provider (a token quota and an outage of the
 * primary): {@link #INSTANCES} replicas of each contender behind a round-robin load balancer, ours once with each
 * replica's own state and once with the state they share ({@link SimulatedSharedState}).
 *
 * <pre>
 * java -cp ai-resilience-benchmarks/target/benchmarks.jar dev.airesilience.bench.sim.RoutingSimulator [--seeds 42,43,44] [--ms-per-second 5] [--scenarios r1,r2a,r2b,r3,m1]
 * </pre>
 */
final class RoutingSimulator {

    static final int CLIENTS = 8;
    static final int REQUESTS = 100;
    // The scenario simulator's users and healthy latency, so the two simulators' clients are the same.
    static final double THINK_S = ScenarioSimulator.THINK_S;
    static final double LATENCY_S = Scenario.NORMAL_LATENCY_S;
    static final double WINDOW_FROM = 0.30;
    static final double WINDOW_TO = 0.60;
    /** (r3): how long each target rate-limits every request from the window's start (Retry-After counts down). */
    static final double PRIMARY_COOLING_S = 3.0;
    static final double SECONDARY_COOLING_S = 5.0;
    /** (r2): the provider's tokens per minute, and the request sizes (10x apart). */
    static final long TPM = 60_000;
    static final int MIN_TOKENS = 100;
    static final int MAX_TOKENS = 1_000;
    static final double QUOTA_RUN_S = 300;
    /** (m1): the replicas, and how long what one shares takes to reach the others (a pub/sub hop, generously). */
    static final int INSTANCES = 4;
    static final double SHARE_DELAY_S = 0.005;

    private RoutingSimulator() {}

    enum Case {
        FAILOVER("r1", "primary outage in [0.30 D, 0.60 D] (every call 503), healthy secondary"),
        QUOTA_FITS("r2a", "one target, 60,000 tokens per minute; requests of 100-1,000 tokens; open-loop demand at 70% of the quota"),
        QUOTA_EXCEEDS("r2b", "the same quota; demand at 150% of it"),
        ALL_COOLING("r3", "at 0.30 D both targets answer 429 for a while: Retry-After 3 s (primary), 5 s (secondary)"),
        REPLICAS("m1", "4 replicas of a service behind a round-robin load balancer share one provider: 60,000 tokens "
                + "per minute, open-loop demand at 200% of it, and an outage in [0.30 D, 0.60 D] (every call 503)");

        final String key;
        final String description;

        Case(String key, String description) {
            this.key = key;
            this.description = description;
        }

        boolean quota() {
            return this == QUOTA_FITS || this == QUOTA_EXCEEDS || this == REPLICAS;
        }

        /** Whether the primary is down (every call 503) inside the window. */
        boolean outage() {
            return this == FAILOVER || this == REPLICAS;
        }

        List<String> targets() {
            return quota() ? List.of("primary") : List.of("primary", "secondary");
        }

        /**
         * The coarsest time scale (real ms per simulated second) the case runs at. (r2)'s two token buckets, the
         * provider's and ours, must agree within a few tokens: at 5 ms a millisecond of thread hand-off is 0.2
         * simulated s, 200 tokens of refill. (m1) runs four replicas' threads on the same two cores: 40 ms.
         */
        double minMsPerSecond() {
            return this == REPLICAS ? 40 : quota() ? 20 : 0;
        }

        /** Open-loop demand in tokens per second, as a share of the quota. */
        double demandShare() {
            return this == QUOTA_FITS ? 0.7 : this == QUOTA_EXCEEDS ? 1.5 : 2.0;
        }
    }

    /** The mean time between two requests of all the clients when every call answers at once. */
    static double healthyInterArrival() {
        return (THINK_S + LATENCY_S) / CLIENTS;
    }

    static double nominal() {
        return REQUESTS * (THINK_S + LATENCY_S);
    }

    // ---------------------------------------------------------------- the provider

    /** The simulated providers; every random outcome is a function of (seed, client, request). */
    static final class Targets {
        final Case scenario;
        final ScaledClock clock;
        final double windowStart;
        final double windowEnd;
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        final LongAdder primaryWhileDown = new LongAdder();
        /**
         * (m1): requests to the dead primary after the first replica's breaker opened and told the others (its
         * opening plus the share delay); the simulated µs of that opening, MAX while none.
         */
        final LongAdder primaryAfterFirstOpening = new LongAdder();
        final java.util.concurrent.atomic.AtomicLong firstOpeningMicros = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        final LongAdder tooMany = new LongAdder();
        final LongAdder probes = new LongAdder();
        final LongAdder probesWhileDown = new LongAdder();
        /** (r1, m1): arrival of the first primary call answered after the outage, simulated µs; MAX when none. */
        final java.util.concurrent.atomic.AtomicLong primaryBackMicros = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        /** (r2): tokens served, per simulated second. */
        final LongAdder[] servedPerSecond = new LongAdder[(int) QUOTA_RUN_S * 3];
        private double bucket = TPM;
        private double bucketAt;

        Targets(Case scenario, ScaledClock clock) {
            this.scenario = scenario;
            this.clock = clock;
            double length = scenario.quota() ? QUOTA_RUN_S : nominal();
            this.windowStart = WINDOW_FROM * length;
            this.windowEnd = WINDOW_TO * length;
            for (int i = 0; i < servedPerSecond.length; i++) {
                servedPerSecond[i] = new LongAdder();
            }
        }

        /** One request of {@code tokens} to {@code target}; returns the tokens it used. */
        long call(String target, long tokens) {
            calls.computeIfAbsent(target, t -> new LongAdder()).increment();
            SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
            context.calls++;
            double t = clock.seconds();
            boolean primary = target.equals("primary");
            if (scenario.outage() && primary && down(t)) {
                primaryWhileDown.increment();
                if (t > firstOpeningMicros.get() / 1e6 + SHARE_DELAY_S) {
                    primaryAfterFirstOpening.increment();
                }
                sleep(LATENCY_S);
                throw new ServiceUnavailableException("HTTP 503 outage", null, 503);
            }
            switch (scenario) {
                case FAILOVER:
                    sleep(LATENCY_S);
                    if (primary && t >= windowEnd) {
                        primaryBackMicros.accumulateAndGet((long) (t * 1e6), Math::min);
                    }
                    return tokens;
                case ALL_COOLING: {
                    double until = windowStart + (primary ? PRIMARY_COOLING_S : SECONDARY_COOLING_S);
                    if (t >= windowStart && t < until) {
                        tooMany.increment();
                        sleep(0.05);
                        throw new RateLimitException("HTTP 429", Contender.seconds(until - t));
                    }
                    sleep(LATENCY_S);
                    return tokens;
                }
                default: {
                    double deficit = take(t, tokens);
                    if (deficit > 0) {
                        tooMany.increment();
                        sleep(0.05);
                        throw new RateLimitException("HTTP 429 tokens per minute", Contender.seconds(deficit * 60.0 / TPM));
                    }
                    servedPerSecond[Math.min(servedPerSecond.length - 1, (int) t)].add(tokens);
                    if (t >= windowEnd) {
                        primaryBackMicros.accumulateAndGet((long) (t * 1e6), Math::min);
                    }
                    sleep(LATENCY_S);
                    return tokens;
                }
            }
        }

        private boolean down(double t) {
            return t >= windowStart && t < windowEnd;
        }

        /**
         * The provider's own token bucket: 0 when taken, else the tokens missing. Two requests may come in here in
         * the other order than they read the clock: the later time stands, or the bucket would refill backwards.
         */
        private synchronized double take(double t, long tokens) {
            t = Math.max(t, bucketAt);
            bucket = Math.min(TPM, bucket + (t - bucketAt) * TPM / 60.0);
            bucketAt = t;
            if (tokens > bucket) {
                return tokens - bucket;
            }
            bucket -= tokens;
            return 0;
        }

        boolean probe(String target) {
            probes.increment();
            double t = clock.seconds();
            sleep(0.05);
            if (scenario.outage() && target.equals("primary") && down(t)) {
                probesWhileDown.increment();
                throw new ServiceUnavailableException("HTTP 503 (health probe)", null, 503);
            }
            return true;
        }

        private void sleep(double seconds) {
            try {
                clock.sleepSeconds(seconds);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TransientAIException("interrupted", e);
            }
        }
    }

    // ---------------------------------------------------------------- the contenders

    /** One way of calling the route: answers {@link Contender#OK} or {@link Contender#FALLBACK}, or throws. */
    interface RouteContender extends AutoCloseable {
        String call(long tokens, long usedTokens, Function<String, Long> target);

        default void attach(Targets targets) {}

        @Override
        default void close() {}
    }

    record Kind(String name, java.util.function.BiFunction<ScaledClock, Long, RouteContender> factory) {}

    static List<Kind> contenders(Case scenario) {
        List<String> route = scenario.targets();
        if (scenario == Case.REPLICAS) {
            // Every replica has its own peer policies; ours once with each replica's own state, once sharing it.
            return List.of(
                    new Kind("resilience4j", (clock, seed) -> replicas(i -> resilience4j(clock, replicaSeed(seed, i), route))),
                    new Kind("failsafe", (clock, seed) -> replicas(i -> failsafe(clock, replicaSeed(seed, i), route))),
                    new Kind("ours-local", (clock, seed) -> replicas(i -> ours(clock, replicaSeed(seed, i), scenario,
                            SharedState.none()))),
                    new Kind("ours-shared", (clock, seed) -> {
                        SimulatedSharedState store = new SimulatedSharedState(clock, Contender.seconds(SHARE_DELAY_S));
                        return replicas(i -> ours(clock, replicaSeed(seed, i), scenario, store.replica()));
                    }));
        }
        return List.of(
                new Kind("none", (clock, seed) -> (tokens, used, target) -> {
                    target.apply(route.get(0));
                    return Contender.OK;
                }),
                new Kind("naive-fallback", (clock, seed) -> (tokens, used, target) -> {
                    RuntimeException last = null;
                    for (String name : route) {
                        try {
                            target.apply(name);
                            return Contender.OK;
                        } catch (RuntimeException failure) {
                            last = failure;
                        }
                    }
                    throw last;
                }),
                new Kind("resilience4j", (clock, seed) -> resilience4j(clock, seed, route)),
                new Kind("failsafe", (clock, seed) -> failsafe(clock, seed, route)),
                new Kind("ours-routed", (clock, seed) -> ours(clock, seed, scenario, SharedState.none())));
    }

    /**
     * {@link #INSTANCES} replicas of a contender behind a round-robin load balancer: request i goes to replica
     * i mod N.
     */
    private static RouteContender replicas(IntFunction<RouteContender> replica) {
        List<RouteContender> all = IntStream.range(0, INSTANCES).mapToObj(replica).toList();
        return new RouteContender() {
            @Override
            public String call(long tokens, long usedTokens, Function<String, Long> target) {
                return all.get((int) (SimulatedProvider.CONTEXT.get().request % INSTANCES)).call(tokens, usedTokens, target);
            }

            @Override
            public void attach(Targets targets) {
                all.forEach(contender -> contender.attach(targets));
            }

            @Override
            public void close() {
                all.forEach(RouteContender::close);
            }
        };
    }

    private static long replicaSeed(long seed, int replica) {
        return seed * 31 + replica;
    }

    /** Per target Retry(CircuitBreaker(call)) as in {@link Contender}; a failed target falls back to the next one. */
    private static RouteContender resilience4j(ScaledClock clock, long seed, List<String> route) {
        Random random = new Random(seed);
        Map<String, Retry> retries = new LinkedHashMap<>();
        Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
        for (String name : route) {
            retries.put(name, Retry.of(name, RetryConfig.custom()
                    .maxAttempts(Contender.ATTEMPTS)
                    .intervalFunction(attempt -> clock.real(Contender.BASE_DELAY_S + random.nextDouble() * Contender.JITTER_S).toMillis())
                    .retryOnException(failure -> failure instanceof TransientAIException)
                    .build()));
            breakers.put(name, CircuitBreaker.of(name, io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                    .slidingWindowType(io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                    .slidingWindowSize(Contender.THRESHOLD)
                    .minimumNumberOfCalls(Contender.THRESHOLD)
                    .failureRateThreshold(100f)
                    .waitDurationInOpenState(clock.real(Contender.OPEN_S))
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .recordException(failure -> failure instanceof TransientAIException && !(failure instanceof RateLimitException))
                    .ignoreExceptions(PermanentAIException.class)
                    .build()));
        }
        return (tokens, used, target) -> {
            for (String name : route) {
                try {
                    Supplier<Long> call = () -> target.apply(name);
                    Retry.decorateSupplier(retries.get(name), CircuitBreaker.decorateSupplier(breakers.get(name), call)).get();
                    return Contender.OK;
                } catch (PermanentAIException permanent) {
                    throw permanent;
                } catch (RuntimeException failure) {
                    // the next target, or the fallback
                }
            }
            return Contender.FALLBACK;
        };
    }

    /** Per target Failsafe.with(retryPolicy, circuitBreaker); a Fallback policy chains to the next target's. */
    private static RouteContender failsafe(ScaledClock clock, long seed, List<String> route) {
        List<FailsafeExecutor<Object>> executors = new ArrayList<>();
        for (String name : route) {
            RetryPolicy<Object> retry = RetryPolicy.builder()
                    .handleIf(failure -> failure instanceof TransientAIException)
                    .withMaxAttempts(Contender.ATTEMPTS)
                    .withDelay(clock.real(Contender.BASE_DELAY_S + Contender.JITTER_S / 2))
                    .withJitter(clock.real(Contender.JITTER_S / 2))
                    .build();
            dev.failsafe.CircuitBreaker<Object> breaker = dev.failsafe.CircuitBreaker.builder()
                    .handleIf(failure -> failure instanceof TransientAIException && !(failure instanceof RateLimitException))
                    .withFailureThreshold(Contender.THRESHOLD)
                    .withSuccessThreshold(1)
                    .withDelay(clock.real(Contender.OPEN_S))
                    .build();
            executors.add(Failsafe.with(retry, breaker));
        }
        return (tokens, used, target) -> {
            Fallback<Object> last = Fallback.<Object>builder(Contender.FALLBACK)
                    .handleIf(failure -> !(failure instanceof PermanentAIException)).build();
            Object answer = Failsafe.with(last).get(() -> {
                RuntimeException failure = null;
                for (int i = 0; i < route.size(); i++) {
                    String name = route.get(i);
                    try {
                        executors.get(i).get(() -> target.apply(name));
                        return Contender.OK;
                    } catch (PermanentAIException permanent) {
                        throw permanent;
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                }
                throw failure;
            });
            return (String) answer;
        };
    }

    /**
     * Our routed operation: BALANCED, each target's breaker counting provider requests (5 consecutive failures) with
     * a health probe every 0.05 s, and in (r2) and (m1) the target's quota (the provider's 60,000 tokens per minute)
     * with each request's tokens estimated and its usage reported; {@code shared}: the state it shares with the
     * other replicas of (m1) ({@link SharedState#none()}: none). In (m1) it records the first breaker opening.
     */
    private static RouteContender ours(ScaledClock clock, long seed, Case scenario, SharedState shared) {
        AIServiceResilience resilience = AIServiceResilience.builder().sharedState(shared)
                .timeSource(clock).sleeper(clock).scheduler(clock).random(new Random(seed)).build();
        ResilienceConfig config = ResilienceStrategy.BALANCED.config().toBuilder()
                .circuitBreaker(CircuitBreakerConfig.DEFAULT.toBuilder().failureThreshold(Contender.THRESHOLD)
                        .countAttempts(true).healthProbeInterval(Duration.ofMillis(50)).build())
                .build();
        RoutingConfig.Builder routing = RoutingConfig.builder();
        for (String name : scenario.targets()) {
            routing.target(name, scenario.quota() ? QuotaConfig.tokensPerMinute(TPM) : QuotaConfig.NONE);
        }
        RoutingConfig route = routing.build();
        return new RouteContender() {
            @Override
            public String call(long tokens, long usedTokens, Function<String, Long> target) {
                return resilience.operation("chat").config(config).route(route).estimatedTokens(tokens)
                        .call(request -> {
                            long used = target.apply(request.name());
                            request.reportUsage(Usage.tokens(used));
                            return Contender.OK;
                        }, context -> {
                            if (context.reason() == FallbackReason.PERMANENT_FAILURE) {
                                throw (RuntimeException) context.cause();
                            }
                            return Contender.FALLBACK;
                        });
            }

            @Override
            public void attach(Targets targets) {
                resilience.addListener(new ResilienceListener() {
                    @Override
                    public void onCircuitStateChange(CircuitStateChangeEvent event) {
                        if (event.to() == CircuitState.OPEN && clock.seconds() >= targets.windowStart) {
                            targets.firstOpeningMicros.accumulateAndGet((long) (clock.seconds() * 1e6), Math::min);
                        }
                    }
                });
                for (String name : scenario.targets()) {
                    resilience.registerHealthProbe(RoutingConfig.Target.OPERATION_PREFIX + name,
                            () -> targets.probe(name));
                }
            }

            @Override
            public void close() {
                resilience.close();
            }
        };
    }

    // ---------------------------------------------------------------- runs

    /** What one run measured. */
    record Result(String scenario, String contender, long seed, long requests, double success,
            double successOrFallback, long primaryWhileDown, Long primaryAfterFirstOpening, long probesWhileDown,
            Double primaryBackAfter, long rateLimited429, double failedInWindow, Double quotaUsed, double p50,
            double p99) {}

    private static final class Outcome {
        double start;
        double end;
        byte answer; // 1 ok, 2 fallback, 0 failed
    }

    static Result run(Case scenario, Kind kind, long seed, long realNanosPerSecond) throws InterruptedException {
        ScaledClock clock = new ScaledClock(realNanosPerSecond);
        Targets targets = new Targets(scenario, clock);
        List<Outcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        try (RouteContender contender = kind.factory().apply(clock, seed)) {
            contender.attach(targets);
            if (scenario.quota()) {
                openLoop(scenario, contender, targets, clock, seed, outcomes);
            } else {
                closedLoop(contender, targets, clock, seed, outcomes);
            }
        }
        return measure(scenario, kind.name(), seed, targets, outcomes);
    }

    private static void closedLoop(RouteContender contender, Targets targets, ScaledClock clock, long seed,
            List<Outcome> outcomes) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                try {
                    // Independent users, as the scenario simulator's (same think time and latency).
                    clock.sleepSeconds(ScenarioSimulator.Arrivals.STAGGERED.firstRequestAt(client, CLIENTS));
                    for (int i = 0; i < REQUESTS; i++) {
                        outcomes.add(one(contender, targets, clock, seed, client, i));
                        clock.sleepSeconds(ScenarioSimulator.Arrivals.STAGGERED.thinkAfter(seed, client, i));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "route-client-" + client);
            thread.setDaemon(true);
            thread.start();
        }
        done.await();
    }

    /** Requests at fixed times (exponential spacing from the dice) for the demand, each on its own thread. */
    private static void openLoop(Case scenario, RouteContender contender, Targets targets, ScaledClock clock, long seed,
            List<Outcome> outcomes) throws InterruptedException {
        // Demand in the tokens the provider counts: a request uses 70-100% of the 100-1,000 it reserves.
        double meanTokens = (MIN_TOKENS + MAX_TOKENS) / 2.0 * 0.85;
        double perSecond = scenario.demandShare() * TPM / 60.0 / meanTokens;
        List<Double> times = new ArrayList<>();
        double t = 0;
        for (int i = 0; t < QUOTA_RUN_S; i++) {
            times.add(t);
            t += -Math.log(1 - SimulatedProvider.dice(seed, 0, i, -3)) / perSecond;
        }
        CountDownLatch done = new CountDownLatch(times.size());
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "route-request");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < times.size(); i++) {
                clock.sleepSeconds(times.get(i) - clock.seconds());
                int request = i;
                pool.execute(() -> {
                    try {
                        outcomes.add(one(contender, targets, clock, seed, 0, request));
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome one(RouteContender contender, Targets targets, ScaledClock clock, long seed, int client,
            int request) {
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        context.client = client;
        context.request = request;
        context.calls = 0;
        // The request reserves its prompt plus max_tokens; it uses 70-100% of that.
        long tokens = MIN_TOKENS + (long) (SimulatedProvider.dice(seed, client, request, -4) * (MAX_TOKENS - MIN_TOKENS + 1));
        long used = (long) (tokens * (0.7 + 0.3 * SimulatedProvider.dice(seed, client, request, -5)));
        Outcome outcome = new Outcome();
        outcome.start = clock.seconds();
        String answer;
        try {
            answer = contender.call(tokens, used, name -> targets.call(name, used));
        } catch (RuntimeException failure) {
            answer = null;
        }
        outcome.end = clock.seconds();
        outcome.answer = (byte) (Contender.OK.equals(answer) ? 1 : Contender.FALLBACK.equals(answer) ? 2 : 0);
        return outcome;
    }

    private static Result measure(Case scenario, String contender, long seed, Targets targets, List<Outcome> outcomes) {
        long ok = 0;
        long answered = 0;
        long inWindow = 0;
        long failedInWindow = 0;
        double[] latencies = new double[outcomes.size()];
        int i = 0;
        for (Outcome o : outcomes) {
            latencies[i++] = o.end - o.start;
            ok += o.answer == 1 ? 1 : 0;
            answered += o.answer != 0 ? 1 : 0;
            if (o.start >= targets.windowStart && o.start < targets.windowEnd) {
                inWindow++;
                failedInWindow += o.answer == 1 ? 0 : 1;
            }
        }
        Arrays.sort(latencies);
        long n = outcomes.size();
        Double back = scenario.outage() && targets.primaryBackMicros.get() != Long.MAX_VALUE
                ? round(targets.primaryBackMicros.get() / 1e6 - targets.windowEnd) : null;
        Double quotaUsed = null;
        if (scenario.quota()) {
            // (r2): the second half of the run, when the bucket's initial minute of tokens is long spent. (m1): the
            // whole run, against all the provider could serve in it: its first full bucket, its refill outside the
            // outage, and the full bucket it saves during the outage (the demand, twice the quota, has emptied it by
            // then). A contender that comes back late after the outage loses what the provider saved for it.
            int from = scenario == Case.REPLICAS ? 0 : (int) (QUOTA_RUN_S / 2);
            long served = 0;
            for (int s = from; s < (int) QUOTA_RUN_S; s++) {
                served += targets.servedPerSecond[s].sum();
            }
            double servable = scenario == Case.REPLICAS
                    ? 2 * TPM + TPM / 60.0 * (QUOTA_RUN_S - (targets.windowEnd - targets.windowStart))
                    : TPM / 60.0 * (QUOTA_RUN_S - from);
            quotaUsed = round3(served / servable);
        }
        return new Result(scenario.key, contender, seed, n, round3((double) ok / n), round3((double) answered / n),
                targets.primaryWhileDown.sum(), scenario == Case.REPLICAS && contender.startsWith("ours")
                        ? targets.primaryAfterFirstOpening.sum() : null,
                targets.probesWhileDown.sum(), back, targets.tooMany.sum(),
                inWindow == 0 ? 0 : round3((double) failedInWindow / inWindow), quotaUsed,
                round(latencies[(int) (0.5 * (n - 1))]), round(latencies[(int) (0.99 * (n - 1))]));
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    // ---------------------------------------------------------------- report

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int a = 0; a + 1 < args.length; a += 2) {
            options.put(args[a].replaceFirst("^--", ""), args[a + 1]);
        }
        long[] seeds = Arrays.stream(options.getOrDefault("seeds", "42,43,44").split(","))
                .mapToLong(s -> Long.parseLong(s.trim())).toArray();
        double msPerSecond = Double.parseDouble(options.getOrDefault("ms-per-second", "5"));
        List<String> only = Arrays.asList(options.getOrDefault("scenarios", "r1,r2a,r2b,r3,m1").split(","));
        System.out.printf(Locale.ROOT, "Routing simulator (issues 15 and 16): %d clients x %d requests (r1, r3), think %.1f s +-20%%, "
                + "staggered starts; healthy inter-arrival %.3f s; r2 and m1 open loop for %.0f s; m1: %d replicas, "
                + "shared state delivered after %.0f simulated ms; 1 simulated s = %.1f real ms "
                + "(r2: at least 20, m1: 40); seeds %s%n", CLIENTS, REQUESTS, THINK_S, healthyInterArrival(), QUOTA_RUN_S,
                INSTANCES, SHARE_DELAY_S * 1000, msPerSecond, Arrays.toString(seeds));
        long wallStart = System.nanoTime();
        Map<String, Map<String, List<Result>>> all = new LinkedHashMap<>();
        for (Case scenario : Case.values()) {
            if (!only.contains(scenario.key)) {
                continue;
            }
            long scaled = (long) (Math.max(msPerSecond, scenario.minMsPerSecond()) * 1_000_000);
            Map<String, List<Result>> rows = new LinkedHashMap<>();
            for (Kind kind : contenders(scenario)) {
                for (long seed : seeds) {
                    rows.computeIfAbsent(kind.name(), k -> new ArrayList<>()).add(run(scenario, kind, seed, scaled));
                }
            }
            all.put(scenario.key, rows);
            print(scenario, rows);
        }
        verdicts(all);
        System.out.printf(Locale.ROOT, "%nWall time: %.0f s%n", (System.nanoTime() - wallStart) / 1e9);
    }

    private static void print(Case scenario, Map<String, List<Result>> rows) {
        System.out.printf(Locale.ROOT, "%n### (%s) %s%n%n", scenario.key, scenario.description);
        System.out.println("| contender | success | success+fallback | failed in window | primary calls while down "
                + "| after the first opening | probes while down | primary back after (s) | 429s | quota used | p50 (s) "
                + "| p99 (s) |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        rows.forEach((name, results) -> System.out.printf(Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                name, cell(results, Result::success), cell(results, Result::successOrFallback),
                cell(results, Result::failedInWindow), cell(results, r -> (double) r.primaryWhileDown()),
                cell(results, r -> r.primaryAfterFirstOpening() == null ? null : r.primaryAfterFirstOpening().doubleValue()),
                cell(results, r -> (double) r.probesWhileDown()),
                cell(results, Result::primaryBackAfter), cell(results, r -> (double) r.rateLimited429()),
                cell(results, Result::quotaUsed), cell(results, Result::p50), cell(results, Result::p99)));
    }

    /** Mean over the seeds, with min-max when they differ; "-" when not measured. */
    private static String cell(List<Result> results, Function<Result, Double> value) {
        double[] values = results.stream().map(value).filter(v -> v != null).mapToDouble(Double::doubleValue).toArray();
        if (values.length == 0) {
            return "-";
        }
        double mean = Arrays.stream(values).average().orElse(0);
        double min = Arrays.stream(values).min().orElse(0);
        double max = Arrays.stream(values).max().orElse(0);
        String text = String.format(Locale.ROOT, "%.3f", mean).replaceAll("\\.?0+$", "");
        return min == max ? text : text + String.format(Locale.ROOT, " (%s-%s)", trim(min), trim(max));
    }

    private static String trim(double value) {
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("\\.?0+$", "");
    }

    /** Issue 15's targets, for ours-routed, on every seed (not the mean). */
    private static void verdicts(Map<String, Map<String, List<Result>>> all) {
        System.out.printf(Locale.ROOT, "%n### Targets of issues 15 (ours-routed) and 16 (m1: ours-shared), every seed%n%n");
        List<Result> r1 = pick(all, "r1");
        if (!r1.isEmpty()) {
            double bound = 2 * healthyInterArrival();
            verdict("(r1) success >= 99% throughout the outage", r1, r -> 1 - r.failedInWindow() >= 0.99,
                    r -> "success in window " + round3(1 - r.failedInWindow()));
            verdict("(r1) at most threshold + 5 = " + (Contender.THRESHOLD + 5) + " requests to the dead primary", r1,
                    r -> r.primaryWhileDown() <= Contender.THRESHOLD + 5, r -> r.primaryWhileDown() + " requests");
            verdict(String.format(Locale.ROOT, "(r1) traffic back on the primary within 2 inter-arrival times (%.2f s)", bound),
                    r1, r -> r.primaryBackAfter() != null && r.primaryBackAfter() <= bound, r -> r.primaryBackAfter() + " s");
        }
        List<Result> r2a = pick(all, "r2a");
        if (!r2a.isEmpty()) {
            verdict("(r2a) zero 429s and 100% success when the demand fits the quota", r2a,
                    r -> r.rateLimited429() == 0 && r.success() == 1.0, r -> r.rateLimited429() + " 429s, success " + r.success());
        }
        List<Result> r2b = pick(all, "r2b");
        if (!r2b.isEmpty()) {
            verdict("(r2b) zero 429s and >= 95% of the quota used when the demand exceeds it", r2b,
                    r -> r.rateLimited429() == 0 && r.quotaUsed() >= 0.95, r -> r.rateLimited429() + " 429s, quota used " + r.quotaUsed());
        }
        List<Result> r3 = pick(all, "r3");
        if (!r3.isEmpty()) {
            verdict("(r3) no call fails when its budget (30 s) covers the earliest cooldown (3 s)", r3,
                    r -> r.success() == 1.0, r -> "success " + r.success());
        }
        List<Result> m1 = pick(all, "m1", "ours-shared");
        if (!m1.isEmpty()) {
            Map<Long, Result> local = new LinkedHashMap<>();
            pick(all, "m1", "ours-local").forEach(r -> local.put(r.seed(), r));
            verdict("(m1, shared) zero 429s: the replicas together stay within the one quota", m1,
                    r -> r.rateLimited429() == 0, r -> r.rateLimited429() + " 429s, local state "
                            + local.get(r.seed()).rateLimited429());
            verdict("(m1, shared) once the first replica's breaker opened, at most one request per other replica ("
                    + (INSTANCES - 1) + ") reaches the dead provider; fewer in all than with local state", m1,
                    r -> r.primaryAfterFirstOpening() <= INSTANCES - 1
                            && r.primaryWhileDown() < local.get(r.seed()).primaryWhileDown(),
                    r -> r.primaryAfterFirstOpening() + " after, " + r.primaryWhileDown() + " in all; local state "
                            + local.get(r.seed()).primaryAfterFirstOpening() + " after, "
                            + local.get(r.seed()).primaryWhileDown() + " in all");
            verdict("(m1, shared) success not below local state's (within 0.005), quota used >= 95%", m1,
                    r -> r.success() >= local.get(r.seed()).success() - 0.005 && r.quotaUsed() >= 0.95,
                    r -> "success " + r.success() + " vs " + local.get(r.seed()).success() + ", quota used " + r.quotaUsed());
        }
    }

    private static List<Result> pick(Map<String, Map<String, List<Result>>> all, String key) {
        return pick(all, key, "ours-routed");
    }

    private static List<Result> pick(Map<String, Map<String, List<Result>>> all, String key, String contender) {
        return all.containsKey(key) ? all.get(key).getOrDefault(contender, List.of()) : List.of();
    }

    private static void verdict(String target, List<Result> results, java.util.function.Predicate<Result> met,
            Function<Result, String> measured) {
        boolean every = results.stream().allMatch(met);
        StringBuilder seeds = new StringBuilder();
        for (Result r : results) {
            seeds.append(seeds.length() == 0 ? "" : "; ").append("seed ").append(r.seed()).append(": ").append(measured.apply(r));
        }
        System.out.printf(Locale.ROOT, "- %s: **%s** (%s)%n", target, every ? "met" : "missed", seeds);
    }
}
