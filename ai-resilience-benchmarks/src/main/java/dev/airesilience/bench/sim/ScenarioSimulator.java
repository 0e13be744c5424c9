package dev.airesilience.bench.sim;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every contender through every scenario: K client threads each send N logical requests (with a think
 * time between them) to a seeded in-process provider, on a clock where one simulated second lasts a few real
 * milliseconds. Prints one aligned table per scenario, with the theoretical optimum, and writes
 * {@code target/scenarios.json}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.airesilience.bench.sim.ScenarioSimulator [--smoke]
 * [--clients 8] [--requests 150] [--ms-per-second 5] [--seed 42] [--scenarios a,b,c] [--out path]}
 */
public final class ScenarioSimulator {

    static final double THINK_S = 2.0;

    private ScenarioSimulator() {}

    /** One contender in one scenario; times in simulated seconds. */
    record Result(
            String scenario,
            String contender,
            @JsonProperty("requests") long requests,
            @JsonProperty("success_ratio") double successRatio,
            @JsonProperty("success_incl_fallback_ratio") double successInclFallbackRatio,
            @JsonProperty("provider_calls_per_request") double callsPerRequest,
            @JsonProperty("calls_while_down") long callsWhileDown,
            @JsonProperty("rate_limited_429") long rateLimited,
            @JsonProperty("p50_s") double p50,
            @JsonProperty("p95_s") double p95,
            @JsonProperty("p99_s") double p99,
            @JsonProperty("detection_s") Double detection,
            @JsonProperty("recovery_s") Double recovery,
            @JsonProperty("wall_ms") long wallMillis) {}

    record ScenarioReport(String key, String description, @JsonProperty("optimum") Scenario.Optimum optimum,
            List<Result> results) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        boolean smoke = options.containsKey("smoke");
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int requests = Integer.parseInt(options.getOrDefault("requests", smoke ? "25" : "150"));
        double msPerSecond = Double.parseDouble(options.getOrDefault("ms-per-second", smoke ? "1" : "5"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        List<String> only = Arrays.asList(options.getOrDefault("scenarios", "a,b,c,d,e,f").split(","));
        File out = new File(options.getOrDefault("out",
                new File("ai-resilience-benchmarks/target").isDirectory() ? "ai-resilience-benchmarks/target/scenarios.json" : "target/scenarios.json"));

        double nominal = requests * (THINK_S + Scenario.NORMAL_LATENCY_S);
        System.out.printf(Locale.ROOT, "Scenario simulator: %d clients x %d requests, think %.1f s, 1 simulated s = %.1f real ms, seed %d, nominal run D = %.0f s%n",
                clients, requests, THINK_S, msPerSecond, seed, nominal);
        System.out.println("Times are simulated seconds. Peers configured like BALANCED (3 attempts, 2-4 s backoff, breaker 5 failures / 60 s open).");

        List<ScenarioReport> reports = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            if (!only.contains(scenario.key)) {
                continue;
            }
            List<Result> results = new ArrayList<>();
            for (Contender.Kind kind : Contender.all()) {
                results.add(run(scenario, kind, clients, requests, (long) (msPerSecond * 1_000_000), seed, nominal));
            }
            double[] shape = Contender.shape("ours-balanced");
            Scenario.Optimum optimum = scenario.optimum((int) shape[0], (int) shape[1], shape[2], nominal);
            reports.add(new ScenarioReport(scenario.key, scenario.description, optimum, results));
            print(scenario, optimum, results);
        }
        out.getAbsoluteFile().getParentFile().mkdirs();
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out, Map.of(
                "clients", clients, "requests_per_client", requests, "ms_per_simulated_second", msPerSecond,
                "seed", seed, "think_s", THINK_S, "scenarios", reports));
        System.out.println("Wrote " + out.getPath());
    }

    static Result run(Scenario scenario, Contender.Kind kind, int clients, int requests, long realNanosPerSecond,
            long seed, double nominal) throws InterruptedException {
        ScaledClock clock = new ScaledClock(realNanosPerSecond);
        SimulatedProvider provider = new SimulatedProvider(scenario, clock, seed, nominal);
        Supplier<String> call = provider::call;
        LongAdder successes = new LongAdder();
        LongAdder fallbacks = new LongAdder();
        double[][] latencies = new double[clients][requests];
        AtomicLong firstRejection = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstRecovery = new AtomicLong(Long.MAX_VALUE);
        long wallStart = System.nanoTime();
        CountDownLatch done = new CountDownLatch(clients);
        try (Contender contender = kind.factory().create(clock, seed)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> {
                    try {
                        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
                        context.client = client;
                        for (int i = 0; i < requests; i++) {
                            context.request = i;
                            context.calls = 0;
                            double start = clock.seconds();
                            String answer;
                            try {
                                answer = contender.call(call);
                            } catch (RuntimeException failure) { // any failure the contender lets through
                                answer = null;
                            }
                            double end = clock.seconds();
                            latencies[client][i] = end - start;
                            if (Contender.OK.equals(answer)) {
                                successes.increment();
                                if (scenario.hasWindow() && start >= provider.windowEnd()) {
                                    firstRecovery.accumulateAndGet(micros(end), Math::min);
                                }
                            } else {
                                if (Contender.FALLBACK.equals(answer)) {
                                    fallbacks.increment();
                                }
                                if (context.calls == 0 && provider.inWindow(start)) {
                                    firstRejection.accumulateAndGet(micros(end), Math::min);
                                }
                            }
                            clock.sleepSeconds(THINK_S);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        done.countDown();
                    }
                }, "client-" + client);
                thread.setDaemon(true);
                thread.start();
            }
            done.await();
        }
        long total = (long) clients * requests;
        double[] all = Arrays.stream(latencies).flatMapToDouble(Arrays::stream).sorted().toArray();
        Double detection = scenario.hasWindow() && firstRejection.get() != Long.MAX_VALUE
                ? round(firstRejection.get() / 1e6 - provider.windowStart()) : null;
        Double recovery = scenario.hasWindow() && firstRecovery.get() != Long.MAX_VALUE
                ? round(firstRecovery.get() / 1e6 - provider.windowEnd()) : null;
        return new Result(scenario.key, kind.name(), total,
                ratio(successes.sum(), total), ratio(successes.sum() + fallbacks.sum(), total),
                ratio(provider.calls.sum(), total), provider.callsWhileDown.sum(), provider.rateLimited.sum(),
                round(percentile(all, 0.50)), round(percentile(all, 0.95)), round(percentile(all, 0.99)),
                detection, recovery, (System.nanoTime() - wallStart) / 1_000_000);
    }

    private static long micros(double seconds) {
        return (long) (seconds * 1e6);
    }

    private static double percentile(double[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ratio(long part, long total) {
        return total == 0 ? 0 : Math.round(part * 10_000.0 / total) / 10_000.0;
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }

    private static void print(Scenario scenario, Scenario.Optimum optimum, List<Result> results) {
        System.out.printf(Locale.ROOT, "%n(%s) %s%n", scenario.key, scenario.description);
        String format = "%-18s %8s %9s %10s %10s %6s %7s %7s %7s %9s %9s%n";
        System.out.printf(Locale.ROOT, format, "contender", "success", "+fallback", "calls/req", "calls-down", "429s",
                "p50 s", "p95 s", "p99 s", "detect s", "recover s");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, format, r.contender(), pct(r.successRatio()), pct(r.successInclFallbackRatio()),
                    fmt(r.callsPerRequest(), 3), scenario.hasWindow() ? Long.toString(r.callsWhileDown()) : "-",
                    Long.toString(r.rateLimited()), fmt(r.p50(), 2), fmt(r.p95(), 2), fmt(r.p99(), 2),
                    r.detection() == null ? "-" : fmt(r.detection(), 1), r.recovery() == null ? "-" : fmt(r.recovery(), 1));
        }
        System.out.printf(Locale.ROOT, format, "optimum", optimum.success() == null ? "-" : pct(optimum.success()),
                optimum.success() == null ? "-" : pct(optimum.success()),
                optimum.callsPerRequest() == null ? "-" : fmt(optimum.callsPerRequest(), 3),
                optimum.callsWhileDown() == null ? "-" : Long.toString(optimum.callsWhileDown()),
                Long.toString(optimum.rateLimited()), "-", "-", "-",
                scenario.hasWindow() ? "0.0" : "-", scenario.hasWindow() ? "0.0" : "-");
        if (!optimum.note().isEmpty()) {
            System.out.println("  optimum: " + optimum.note());
        }
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            if (name.equals("smoke")) {
                options.put(name, "true");
            } else if (i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
        }
        return options;
    }
}
