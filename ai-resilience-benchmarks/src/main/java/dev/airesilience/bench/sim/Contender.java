package dev.airesilience.bench.sim;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackReason;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Fallback;
import dev.failsafe.RetryPolicy;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One way of calling the provider. {@link #call} answers {@link #OK}, {@link #FALLBACK}, or throws.
 *
 * <p>The peers get our BALANCED numbers: 3 attempts, 2–4 s between them (2 s + up to 2 s jitter), a breaker
 * that opens after 5 consecutive transient failures and stays open 60 s, one half-open trial; permanent
 * failures are neither retried nor counted. Like ours, their fallback answers anything but a permanent
 * failure. Out of the box neither peer honours Retry-After (it takes a custom interval function), so here it
 * does not. Their durations are converted to real time; ours runs on the scaled clock.
 */
interface Contender extends AutoCloseable {

    String OK = "ok";
    String FALLBACK = "fallback";

    String call(Supplier<String> provider);

    /** The run's provider, before the first call: a contender with a health probe registers it here. */
    default void attach(SimulatedProvider provider) {}

    @Override
    default void close() {}

    /** A named way of building a fresh contender for one run. */
    record Kind(String name, Factory factory) {}

    @FunctionalInterface
    interface Factory {
        Contender create(ScaledClock clock, long seed);
    }

    int ATTEMPTS = 3;
    double BASE_DELAY_S = 2.0;
    double JITTER_S = 2.0;
    int THRESHOLD = 5;
    double OPEN_S = 60.0;

    /** Every contender, in table order. */
    static List<Kind> all() {
        return List.of(
                new Kind("none", (clock, seed) -> Supplier::get),
                new Kind("naive-retry", Contender::naive),
                new Kind("resilience4j", Contender::resilience4j),
                new Kind("failsafe", Contender::failsafe),
                ours("ours-aggressive", ResilienceStrategy.AGGRESSIVE, UnaryOperator.identity()),
                ours("ours-balanced", ResilienceStrategy.BALANCED, UnaryOperator.identity()),
                ours("ours-conservative", ResilienceStrategy.CONSERVATIVE, UnaryOperator.identity()),
                ours("ours-critical", ResilienceStrategy.CRITICAL, UnaryOperator.identity()),
                // The load-aware stages (README "Load-aware stages") at their documented defaults.
                ours("ours-balanced+load", ResilienceStrategy.BALANCED, config -> config
                        .throttle(ThrottleConfig.enabledDefaults())
                        .retryBudget(RetryBudgetConfig.enabledDefaults())),
                // Tuned for overload: sheds as soon as attempts outrun accepts (K = 1) and forgets within 10 s.
                ours("ours-balanced+load-tight", ResilienceStrategy.BALANCED, config -> config
                        .throttle(new ThrottleConfig(true, 1.0, Duration.ofSeconds(10)))
                        .retryBudget(RetryBudgetConfig.enabledDefaults())),
                // Fast outage recovery with a health probe: the breaker counts attempts (opens after 5 failed provider
                // requests), and a probe of the provider's cheap endpoint every 0.1 s ends the open period as soon as
                // the provider answers (no blind trial before BALANCED's 60 s).
                ours("ours-balanced+recovery", ResilienceStrategy.BALANCED, Contender::fastRecovery, true),
                // Hedged requests after the p95 of recent successful request latencies, within a 10% budget.
                ours("ours-balanced+hedge", ResilienceStrategy.BALANCED, Contender::hedged, false),
                // Fast outage recovery without a probe: blind trials after 1 s, 2 s, 4 s ... up to 60 s.
                ours("ours-balanced+blind", ResilienceStrategy.BALANCED, Contender::fastRecoveryBlind, false),
                // Opens only when every one of the last 8 provider requests failed (an outage, not a brown-out), with
                // the same health probe.
                ours("ours-balanced+rate", ResilienceStrategy.BALANCED, Contender::allFailing, true),
                // Everything together: the all-failing breaker with a health probe every 0.05 s, and hedging after a
                // fixed 0.6 s (3x the median latency, beyond all but about 0.3% of healthy answers: the stalls of (h)
                // are 5% of requests, and a hedge after a percentile would also hedge that percentile's tail) within a
                // 7% budget.
                ours("ours-adaptive", ResilienceStrategy.BALANCED, Contender::adaptive, true));
    }

    private static ResilienceConfig.Builder fastRecovery(ResilienceConfig.Builder config) {
        dev.airesilience.config.CircuitBreakerConfig breaker = ResilienceStrategy.BALANCED.config().circuitBreaker().toBuilder()
                .countAttempts(true)
                .healthProbeInterval(Duration.ofMillis(100))
                .build();
        return config.circuitBreaker(breaker);
    }

    private static ResilienceConfig.Builder allFailing(ResilienceConfig.Builder config) {
        dev.airesilience.config.CircuitBreakerConfig breaker = ResilienceStrategy.BALANCED.config().circuitBreaker().toBuilder()
                .countAttempts(true)
                .mode(dev.airesilience.config.BreakerMode.FAILURE_RATE)
                .slidingWindowType(dev.airesilience.config.SlidingWindowType.COUNT)
                .slidingWindowSize(8)
                .minimumNumberOfCalls(8)
                .failureRateThreshold(100)
                .healthProbeInterval(Duration.ofMillis(100))
                .build();
        return config.circuitBreaker(breaker);
    }

    private static ResilienceConfig.Builder fastRecoveryBlind(ResilienceConfig.Builder config) {
        dev.airesilience.config.CircuitBreakerConfig breaker = ResilienceStrategy.BALANCED.config().circuitBreaker().toBuilder()
                .countAttempts(true)
                .recoveryInitialInterval(Duration.ofSeconds(1))
                .recoveryMultiplier(2)
                .build();
        return config.circuitBreaker(breaker);
    }

    private static ResilienceConfig.Builder adaptive(ResilienceConfig.Builder config) {
        // Three half-open trials: once the probe has seen the provider healthy, the first of three requests to
        // answer ends the outage for the callers, not one request's latency. The probe decides when the circuit
        // closes, so the blind trials after the open interval are only a backstop: 120 s, not BALANCED's 60 s,
        // which would send three trials into an outage that lasts a little longer.
        dev.airesilience.config.CircuitBreakerConfig breaker = allFailing(config).build().circuitBreaker().toBuilder()
                .healthProbeInterval(Duration.ofMillis(50))
                .halfOpenMaxCalls(3)
                .recoveryTimeout(Duration.ofSeconds(120))
                .build();
        return config.circuitBreaker(breaker).idempotent(true).hedge(new HedgeConfig(true, Duration.ofMillis(600), 0, 1, 0.07));
    }

    private static ResilienceConfig.Builder hedged(ResilienceConfig.Builder config) {
        return config.idempotent(true).hedge(new HedgeConfig(true, Duration.ofMillis(10), 95, 1, 0.10));
    }

    /** The library peers the targets compare against. */
    static boolean isPeer(String name) {
        return name.equals("resilience4j") || name.equals("failsafe");
    }

    static boolean isOurs(String name) {
        return name.startsWith("ours-");
    }

    /** What people write first: up to 3 attempts on any exception, 2 s apart, no breaker, no fallback. */
    private static Contender naive(ScaledClock clock, long seed) {
        return provider -> {
            RuntimeException last = null;
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                try {
                    return provider.get();
                } catch (RuntimeException failure) {
                    last = failure;
                    if (attempt < ATTEMPTS) {
                        try {
                            clock.sleepSeconds(BASE_DELAY_S);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw failure;
                        }
                    }
                }
            }
            throw last;
        };
    }

    private static boolean countsForBreaker(Throwable failure) {
        return failure instanceof TransientAIException && !(failure instanceof RateLimitException);
    }

    /** Retry(CircuitBreaker(call)), the order the Resilience4j documentation gives, plus a catch-all fallback. */
    private static Contender resilience4j(ScaledClock clock, long seed) {
        Random random = new Random(seed);
        Retry retry = Retry.of("chat", RetryConfig.custom()
                .maxAttempts(ATTEMPTS)
                // 2 s + U(0, 2 s), like BALANCED; Resilience4j's own ofRandomized draws from an unseeded source.
                .intervalFunction(attempt -> clock.real(BASE_DELAY_S + random.nextDouble() * JITTER_S).toMillis())
                .retryOnException(failure -> failure instanceof TransientAIException)
                .build());
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker = io.github.resilience4j.circuitbreaker.CircuitBreaker.of("chat",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(THRESHOLD)
                        .minimumNumberOfCalls(THRESHOLD)
                        .failureRateThreshold(100f)
                        .waitDurationInOpenState(clock.real(OPEN_S))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .recordException(Contender::countsForBreaker)
                        .ignoreExceptions(PermanentAIException.class)
                        .build());
        return provider -> {
            try {
                return Retry.decorateSupplier(retry,
                        io.github.resilience4j.circuitbreaker.CircuitBreaker.decorateSupplier(breaker, provider)).get();
            } catch (PermanentAIException permanent) {
                throw permanent;
            } catch (RuntimeException failure) {
                return FALLBACK;
            }
        };
    }

    /** Failsafe.with(fallback, retryPolicy, circuitBreaker): the outermost policy first. */
    private static Contender failsafe(ScaledClock clock, long seed) {
        RetryPolicy<Object> retry = RetryPolicy.builder()
                .handleIf(failure -> failure instanceof TransientAIException)
                .withMaxAttempts(ATTEMPTS)
                // 3 s +- 1 s = [2 s, 4 s], like BALANCED.
                .withDelay(clock.real(BASE_DELAY_S + JITTER_S / 2))
                .withJitter(clock.real(JITTER_S / 2))
                .build();
        CircuitBreaker<Object> breaker = CircuitBreaker.builder()
                .handleIf(Contender::countsForBreaker)
                .withFailureThreshold(THRESHOLD)
                .withSuccessThreshold(1)
                .withDelay(clock.real(OPEN_S))
                .build();
        Fallback<Object> fallback = Fallback.<Object>builder(FALLBACK)
                .handleIf(failure -> !(failure instanceof PermanentAIException))
                .build();
        FailsafeExecutor<Object> executor = Failsafe.with(fallback, retry, breaker);
        return provider -> executor.get(provider::get);
    }

    /**
     * Our orchestrator with one strategy's configuration, changed by {@code customise} (identity: the strategy as
     * it is), and the same fallback rule as the peers. Runs on the scaled clock.
     */
    static Kind ours(String name, ResilienceStrategy strategy, UnaryOperator<ResilienceConfig.Builder> customise) {
        return ours(name, strategy, customise, false);
    }

    /** @param probe whether the contender registers a health probe on the provider's cheap endpoint */
    static Kind ours(String name, ResilienceStrategy strategy, UnaryOperator<ResilienceConfig.Builder> customise,
            boolean probe) {
        ResilienceConfig config = customise.apply(strategy.config().toBuilder()).build();
        return new Kind(name, (clock, seed) -> ours(clock, seed, strategy,
                config.equals(strategy.config()) ? null : config, probe));
    }

    private static Contender ours(ScaledClock clock, long seed, ResilienceStrategy strategy, ResilienceConfig custom,
            boolean probe) {
        AIServiceResilience resilience = AIServiceResilience.builder()
                .timeSource(clock)
                .sleeper(clock)
                .scheduler(clock)
                .random(new Random(seed))
                .build();
        var decorator = resilience.<String>withResilience("chat", strategy, custom, context -> {
            if (context.reason() == FallbackReason.PERMANENT_FAILURE) {
                throw (RuntimeException) context.cause();
            }
            return FALLBACK;
        });
        return new Contender() {
            @Override
            public String call(Supplier<String> provider) {
                // A hedged request runs on a worker: it carries the caller's request, so that the provider's dice
                // stay a function of (client, request, attempt).
                SimulatedProvider.RequestContext caller = SimulatedProvider.CONTEXT.get();
                return decorator.get(() -> {
                    SimulatedProvider.CONTEXT.set(caller);
                    return provider.get();
                });
            }

            @Override
            public void attach(SimulatedProvider provider) {
                if (probe) {
                    resilience.registerHealthProbe("chat", provider::probe);
                }
            }

            @Override
            public void close() {
                resilience.close();
            }
        };
    }

    /** Max attempts, breaker threshold and open time of a contender, for the optimum beside it. */
    static double[] shape(String name) {
        String base = name.contains("+") ? name.substring(0, name.indexOf('+')) : name;
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            if (base.equals("ours-" + strategy.wireName())) {
                ResilienceConfig config = strategy.config();
                return new double[] {config.retry().maxAttempts(), config.circuitBreaker().failureThreshold(),
                        config.circuitBreaker().recoveryTimeout().toSeconds()};
            }
        }
        return new double[] {ATTEMPTS, THRESHOLD, OPEN_S};
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
