package dev.airesilience.bench.sim;

import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.exception.TransientAIException;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-process AI provider. Every random outcome is a pure function of (seed, client, request, attempt), so
 * each contender meets exactly the same dice; only the time windows depend on when a call arrives.
 */
final class SimulatedProvider {

    /** Which logical request the calling client thread is working on, and how many calls it has made for it. */
    static final class RequestContext {
        int client;
        long request;
        int calls;
        /** Simulated arrival time of the current attempt. */
        double arrival;
    }

    static final ThreadLocal<RequestContext> CONTEXT = ThreadLocal.withInitial(RequestContext::new);

    private final Scenario scenario;
    private final ScaledClock clock;
    private final long seed;
    private final double windowStart;
    private final double windowEnd;
    private final AtomicLongArray rateWindows;
    private final boolean stalls;
    /** The spread of a normal answer's latency (σ of its logarithm); 0: always {@link Scenario#NORMAL_LATENCY_S}. */
    private final double latencySigma;
    /** (g): when each worker is next free, in simulated seconds; guarded by itself. */
    private final PriorityQueue<Double> workersFreeAt = new PriorityQueue<>();

    final LongAdder calls = new LongAdder();
    /** Health-probe requests (a cheap endpoint such as the model list), apart from calls. */
    final LongAdder probes = new LongAdder();
    final LongAdder callsWhileDown = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    /** (g): attempts answered 529 because the queue was full. */
    final LongAdder overloaded = new LongAdder();
    /** (g): attempts served after their client had timed out (wasted work). */
    final LongAdder servedForNobody = new LongAdder();
    /** Arrival time (simulated µs) of the last attempt the provider failed, -1 if none: the end of its trouble. */
    final AtomicLong lastFailureMicros = new AtomicLong(-1);

    SimulatedProvider(Scenario scenario, ScaledClock clock, long seed, double nominalSeconds) {
        this(scenario, clock, seed, nominalSeconds, true, 0);
    }

    /**
     * @param stalls false for the healthy baseline of (h): the same provider without its stalls
     * @param latencySigma the spread of a normal answer's latency: log-normal around the median
     *     {@link Scenario#NORMAL_LATENCY_S} with this σ (0: always the median)
     */
    SimulatedProvider(Scenario scenario, ScaledClock clock, long seed, double nominalSeconds, boolean stalls,
            double latencySigma) {
        this.scenario = scenario;
        this.clock = clock;
        this.seed = seed;
        this.stalls = stalls;
        this.latencySigma = latencySigma;
        for (int i = 0; i < Scenario.OVERLOAD_WORKERS; i++) {
            workersFreeAt.add(0.0);
        }
        this.windowStart = scenario.windowStart(nominalSeconds);
        this.windowEnd = scenario.windowEnd(nominalSeconds);
        // Generous: runs never last 20x their nominal length.
        this.rateWindows = new AtomicLongArray((int) (nominalSeconds * 20 / Scenario.RATE_LIMIT_WINDOW_S) + 16);
    }

    boolean inWindow(double t) {
        return scenario.hasWindow() && t >= windowStart && t < windowEnd;
    }

    double windowStart() {
        return windowStart;
    }

    double windowEnd() {
        return windowEnd;
    }

    /** One provider call, on the calling thread: waits out the response latency, then answers or throws. */
    String call() {
        try {
            return answer();
        } catch (RuntimeException failure) {
            // A request its client cancelled (a hedge's loser, interrupted while it waits for its answer) is not a
            // failure of the provider: it would have answered.
            if (!Thread.currentThread().isInterrupted()) {
                long at = (long) (CONTEXT.get().arrival * 1e6);
                lastFailureMicros.accumulateAndGet(at, Math::max);
            }
            throw failure;
        }
    }

    private String answer() {
        RequestContext context = CONTEXT.get();
        int attempt = ++context.calls;
        calls.increment();
        double t = clock.seconds();
        context.arrival = t;
        boolean down = inWindow(t);
        if (down) {
            callsWhileDown.increment();
        }
        double dice = dice(context.client, context.request, attempt);
        double latency = normalLatency(context.client, context.request, attempt);
        switch (scenario) {
            case A_TRANSIENT:
                respondAfter(latency);
                if (dice < 0.2) {
                    throw new ServiceUnavailableException("HTTP 503 overloaded", null, 503);
                }
                return "ok";
            case B_OUTAGE:
                respondAfter(latency);
                if (down) {
                    throw new ServiceUnavailableException("HTTP 503 outage", null, 503);
                }
                return "ok";
            case C_RATE_LIMIT: {
                int window = (int) (t / Scenario.RATE_LIMIT_WINDOW_S);
                long used = rateWindows.incrementAndGet(Math.min(window, rateWindows.length() - 1));
                respondAfter(Scenario.NORMAL_LATENCY_S / 4); // a 429 or an admission is answered quickly
                if (used > Scenario.RATE_LIMIT_PER_WINDOW) {
                    rateLimited.increment();
                    double retryAfter = (window + 1) * Scenario.RATE_LIMIT_WINDOW_S - t;
                    throw new RateLimitException("HTTP 429 rate limited", Duration.ofNanos((long) (retryAfter * 1e9)), null, 429);
                }
                respondAfter(Scenario.NORMAL_LATENCY_S * 3 / 4);
                return "ok";
            }
            case D_MIXED:
                respondAfter(latency);
                // A bad request is bad on every attempt: decided by the request, not the attempt.
                if (dice(context.client, context.request, 0) < 0.1) {
                    throw new PermanentAIException("HTTP 400 invalid request", null, 400);
                }
                if (dice < 0.1) {
                    throw new TransientAIException("HTTP 500 internal error", null, 500);
                }
                return "ok";
            case E_LATENCY_SPIKE:
                if (down) {
                    respondAfter(Scenario.CLIENT_TIMEOUT_S);
                    throw new TransientAIException("HTTP 504 client read timeout after 5 s", null, 504);
                }
                respondAfter(latency);
                return "ok";
            case F_BROWN_OUT:
                respondAfter(latency);
                if (down && dice < 0.6) {
                    throw new ServiceUnavailableException("HTTP 503 brown-out", null, 503);
                }
                return "ok";
            case G_OVERLOAD:
                return overload(t, Scenario.OVERLOAD_SERVICE_MIN_S + dice * Scenario.OVERLOAD_SERVICE_SPREAD_S);
            case H_STALLS:
                if (stalls && dice < Scenario.STALL_PROBABILITY) {
                    respondAfter(Scenario.CLIENT_TIMEOUT_S);
                    throw new TransientAIException("HTTP 504 client read timeout after 5 s (stalled response)", null, 504);
                }
                respondAfter(latency);
                return "ok";
            default:
                throw new IllegalStateException("unknown scenario " + scenario);
        }
    }

    /**
     * (g): a FIFO queue in front of the workers. The attempt takes the worker that frees first, in arrival order;
     * if it would wait longer than the queue allows it is answered 529 at once. The worker stays busy for the whole
     * service time even when the client gives up at its timeout.
     */
    private String overload(double t, double service) {
        double wait = admit(t, service);
        if (Double.isNaN(wait)) {
            overloaded.increment();
            respondAfter(Scenario.OVERLOAD_REJECT_LATENCY_S);
            throw new ServiceUnavailableException("HTTP 529 overloaded", null, 529);
        }
        if (wait + service > Scenario.CLIENT_TIMEOUT_S) {
            servedForNobody.increment();
            respondAfter(Scenario.CLIENT_TIMEOUT_S);
            throw new TransientAIException("HTTP 504 client read timeout after 5 s (queued behind the overload)", null, 504);
        }
        respondAfter(wait + service);
        return "ok";
    }

    /** (g): how long an attempt arriving at {@code t} waits for a worker, taking it; NaN if it is refused (529). */
    double admit(double t, double service) {
        synchronized (workersFreeAt) {
            double start = Math.max(t, workersFreeAt.peek());
            if (start - t > Scenario.OVERLOAD_MAX_WAIT_S) {
                return Double.NaN;
            }
            workersFreeAt.poll();
            workersFreeAt.add(start + service);
            return start - t;
        }
    }

    /**
     * A health probe: the provider's cheap endpoint (listing its models), answered in 0.05 s; it fails while the
     * provider cannot serve (the outage, the latency spike, most of the brown-out, a refusing overload queue).
     * Counted in {@link #probes}, not in {@link #calls}: it costs the provider no model time.
     */
    boolean probe() {
        long n = probes.sum();
        probes.increment();
        double t = clock.seconds();
        respondAfter(0.05);
        boolean failing;
        switch (scenario) {
            case B_OUTAGE:
            case E_LATENCY_SPIKE:
                failing = inWindow(t);
                break;
            case F_BROWN_OUT:
                failing = inWindow(t) && dice(-1, n, 0) < 0.6;
                break;
            case G_OVERLOAD:
                synchronized (workersFreeAt) {
                    failing = workersFreeAt.peek() - t > Scenario.OVERLOAD_MAX_WAIT_S;
                }
                break;
            default:
                failing = false;
        }
        if (failing) {
            throw new ServiceUnavailableException("HTTP 503 (health probe)", null, 503);
        }
        return true;
    }

    private void respondAfter(double seconds) {
        try {
            clock.sleepSeconds(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientAIException("interrupted", e);
        }
    }

    /**
     * How long a normal answer of this attempt takes: log-normal with median {@link Scenario#NORMAL_LATENCY_S} and σ
     * {@code latencySigma}, from two dice of its own (Box-Muller), so every contender meets the same latencies. (c)
     * keeps constant latencies: its windows, not its latencies, are what it measures.
     */
    double normalLatency(int client, long request, int attempt) {
        if (latencySigma == 0) {
            return Scenario.NORMAL_LATENCY_S;
        }
        double u1 = dice(client, request, attempt + 0x1000);
        double u2 = dice(client, request, attempt + 0x2000);
        double z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        return Scenario.NORMAL_LATENCY_S * Math.exp(latencySigma * z);
    }

    private double dice(int client, long request, int attempt) {
        return dice(seed, client, request, attempt);
    }

    /** A uniform number in [0, 1) from (seed, client, request, attempt): SplitMix64 finalizer. */
    static double dice(long seed, int client, long request, int attempt) {
        long z = seed ^ (client * 0x9E3779B97F4A7C15L) ^ (request * 0xBF58476D1CE4E5B9L) ^ (attempt * 0x94D049BB133111EBL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
