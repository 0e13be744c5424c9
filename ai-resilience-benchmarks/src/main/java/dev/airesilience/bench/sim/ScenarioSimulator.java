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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every contender through every scenario, for each seed: K clients each send N logical requests to a seeded
 * in-process provider, on a clock where one simulated second lasts a few real milliseconds. Closed-loop clients
 * (a-f, h) wait for each answer and think before the next; the overload scenario (g) is open loop. Prints one
 * Markdown table per scenario (with several seeds, each cell is the mean and the range), with the optimum, then the
 * issue-14 target report; writes the per-seed numbers to {@code target/scenarios.json}.
 *
 * <p>The load ({@link Load}): closed-loop clients are independent users. By default ({@code --arrivals staggered})
 * their first requests are spread over one healthy cycle and each think time is jittered by ±20%, with dice of (seed,
 * client, request), so requests arrive about one per healthy inter-arrival time and every contender meets the same
 * users; and a normal answer's latency is log-normal around 0.2 s ({@code --latency-sigma 0.4}: p99 about 0.5 s),
 * as LLM latencies vary. {@code --arrivals lockstep --latency-sigma 0} is the model of the first runs (all clients
 * start at 0, think exactly {@link #THINK_S}, every answer takes 0.2 s): requests come in bursts one cycle apart,
 * which makes "provider healthy → first success" a measure of the burst phase rather than of the contender, and a
 * healthy p99 equal to the median leaves a hedge no room (a hedged stall answers after at least twice the median).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.airesilience.bench.sim.ScenarioSimulator [--smoke]
 * [--seeds 42,43,44] [--clients 8] [--requests 100] [--ms-per-second 5] [--scenarios a,b,g]
 * [--contenders none,ours-balanced] [--arrivals staggered|lockstep] [--latency-sigma 0.4] [--out path]}, or
 * {@code --from scenarios.json} to print an earlier run's tables and target report again.
 */
public final class ScenarioSimulator {

    static final double THINK_S = 2.0;
    static final String HEALTHY = "healthy (none, no stalls)";
    /** (b)'s reference row: a breaker that knows the outage, failing exactly its requests at once and calling none. */
    static final String PERFECT_BREAKER = "perfect breaker (knows the outage)";

    /** The users and the provider's latencies (see the class comment). */
    record Load(Arrivals arrivals, double latencySigma) {
        /** The model of the first runs, which "not worse" compares with. */
        static final Load FIRST_RUNS = new Load(Arrivals.LOCKSTEP, 0);
        static final Load DEFAULT = new Load(Arrivals.STAGGERED, 0.4);

        Load {
            if (!(latencySigma >= 0 && latencySigma <= 1)) {
                throw new IllegalArgumentException("--latency-sigma must be between 0 and 1, got " + latencySigma);
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s arrivals, latency sigma %.2f", arrivals, latencySigma);
        }
    }

    /** How closed-loop clients space their requests (see the class comment). */
    enum Arrivals {
        STAGGERED, LOCKSTEP;

        static Arrivals parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--arrivals must be staggered or lockstep, got '" + value + "'");
            }
        }

        /** When a closed-loop client sends its first request: staggered clients one healthy inter-arrival apart. */
        double firstRequestAt(int client, int clients) {
            return this == LOCKSTEP ? 0 : (THINK_S + Scenario.NORMAL_LATENCY_S) * client / clients;
        }

        /** The think time after a client's request; the dice key -2 keeps it apart from the provider's and the open loop's. */
        double thinkAfter(long seed, int client, int request) {
            return this == LOCKSTEP ? THINK_S : THINK_S * (0.8 + 0.4 * SimulatedProvider.dice(seed, client, request, -2));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private ScenarioSimulator() {}

    /** One contender in one scenario with one seed; times in simulated seconds; null where not measured. */
    record Result(
            String scenario,
            String contender,
            long seed,
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
            @JsonProperty("goodput_per_s") Double goodput,
            @JsonProperty("amplification") Double amplification,
            @JsonProperty("overloaded_529") Long overloaded,
            @JsonProperty("served_for_nobody") Long servedForNobody,
            @JsonProperty("provider_recovery_s") Double providerRecovery,
            // Requests to the provider's cheap health endpoint (a registered health probe), apart from calls.
            @JsonProperty("health_probes") Long healthProbes,
            @JsonProperty("wall_ms") long wallMillis) {}

    record ScenarioReport(String key, String description, @JsonProperty("optimum") Scenario.Optimum optimum,
            List<Result> results, @JsonProperty("ms_per_simulated_second") Double msPerSimulatedSecond) {}

    /** What one logical request did. */
    private static final class Outcomes {
        final double[] start;
        final double[] end;
        final int[] calls;
        final byte[] answer; // 0 failed, 1 success, 2 fallback

        Outcomes(int n) {
            start = new double[n];
            end = new double[n];
            calls = new int[n];
            answer = new byte[n];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        if (options.containsKey("from")) {
            reprint(new File(options.get("from")));
            return;
        }
        boolean smoke = options.containsKey("smoke");
        int clients = Integer.parseInt(options.getOrDefault("clients", "8"));
        int requests = Integer.parseInt(options.getOrDefault("requests", smoke ? "25" : "100"));
        double msPerSecond = Double.parseDouble(options.getOrDefault("ms-per-second", smoke ? "1" : "5"));
        String seedList = options.getOrDefault("seeds", options.getOrDefault("seed", smoke ? "42" : "42,43,44"));
        long[] seeds = Arrays.stream(seedList.split(",")).mapToLong(s -> Long.parseLong(s.trim())).toArray();
        List<String> only = Arrays.asList(options.getOrDefault("scenarios", "a,b,c,d,e,f,g,h").split(","));
        List<Contender.Kind> kinds = Contender.all();
        if (options.containsKey("contenders")) {
            List<String> names = Arrays.asList(options.get("contenders").split(","));
            kinds = kinds.stream().filter(k -> names.contains(k.name())).collect(Collectors.toList());
        }
        Load load = new Load(Arrivals.parse(options.getOrDefault("arrivals", Load.DEFAULT.arrivals().toString())),
                Double.parseDouble(options.getOrDefault("latency-sigma", Double.toString(Load.DEFAULT.latencySigma()))));
        File out = new File(options.getOrDefault("out",
                new File("ai-resilience-benchmarks/target").isDirectory() ? "ai-resilience-benchmarks/target/scenarios.json" : "target/scenarios.json"));

        double nominal = requests * (THINK_S + Scenario.NORMAL_LATENCY_S);
        System.out.printf(Locale.ROOT, "Scenario simulator: %d clients x %d requests, think %.1f s, %s, 1 simulated s = %.1f real ms, seeds %s, nominal run D = %.0f s%n",
                clients, requests, THINK_S, load, msPerSecond, seedList, nominal);
        System.out.println("Times are simulated seconds. Peers configured like BALANCED (3 attempts, 2-4 s backoff, breaker 5 failures / 60 s open).");
        if (seeds.length > 1) {
            System.out.println("Each cell: mean over the seeds (min-max).");
        }

        long wallStart = System.nanoTime();
        List<ScenarioReport> reports = new ArrayList<>();
        Map<String, Map<String, List<Result>>> byScenario = new LinkedHashMap<>();
        for (Scenario scenario : Scenario.values()) {
            if (!only.contains(scenario.key)) {
                continue;
            }
            double scale = smoke ? msPerSecond : Math.max(msPerSecond, scenario.minMsPerSecond());
            long realNanos = (long) (scale * 1_000_000);
            if (scale != msPerSecond) {
                System.out.printf(Locale.ROOT, "(%s runs at 1 simulated s = %.1f real ms: a finer time scale, see Scenario.minMsPerSecond)%n",
                        scenario.key, scale);
            }
            Map<String, List<Result>> rows = new LinkedHashMap<>();
            List<Result> flat = new ArrayList<>();
            for (Contender.Kind kind : kinds) {
                for (long seed : seeds) {
                    Result result = run(scenario, kind, clients, requests, realNanos, seed, nominal, true, load);
                    rows.computeIfAbsent(kind.name(), k -> new ArrayList<>()).add(result);
                    flat.add(result);
                }
            }
            if (scenario == Scenario.H_STALLS) {
                // The healthy p99 the stall target is measured against: the same provider without its stalls.
                Contender.Kind none = new Contender.Kind(HEALTHY, (clock, seed) -> Supplier::get);
                for (long seed : seeds) {
                    Result result = run(scenario, none, clients, requests, realNanos, seed, nominal, false, load);
                    rows.computeIfAbsent(HEALTHY, k -> new ArrayList<>()).add(result);
                    flat.add(result);
                }
            }
            if (scenario == Scenario.B_OUTAGE) {
                // The success optimum: what failing fast exactly inside the outage gives, at the pacing it causes
                // (a client answered at once thinks sooner, so it sends more of its requests into the outage).
                for (long seed : seeds) {
                    Result result = run(scenario, perfectBreaker(), clients, requests, realNanos, seed, nominal, true, load);
                    rows.computeIfAbsent(PERFECT_BREAKER, k -> new ArrayList<>()).add(result);
                    flat.add(result);
                }
            }
            double[] shape = Contender.shape("ours-balanced");
            Scenario.Optimum optimum = scenario.optimum((int) shape[0], (int) shape[1], shape[2], nominal);
            reports.add(new ScenarioReport(scenario.key, scenario.description, optimum, flat, scale));
            byScenario.put(scenario.key, rows);
            print(scenario, optimum, rows);
        }
        TargetReport.print(byScenario, clients, load);
        System.out.printf(Locale.ROOT, "%nWall time: %.0f s%n", (System.nanoTime() - wallStart) / 1e9);
        out.getAbsoluteFile().getParentFile().mkdirs();
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out, Map.of(
                "clients", clients, "requests_per_client", requests, "ms_per_simulated_second", msPerSecond,
                "seeds", seeds, "think_s", THINK_S, "arrivals", load.arrivals().toString(), "latency_sigma", load.latencySigma(), "scenarios", reports));
        System.out.println("Wrote " + out.getPath());
    }

    /** Prints the tables and the target report of an earlier run's JSON again, without running anything. */
    private static void reprint(File file) throws java.io.IOException {
        JsonMapper mapper = JsonMapper.builder().build();
        tools.jackson.databind.JsonNode root = mapper.readTree(file);
        int clients = root.get("clients").asInt();
        double nominal = root.get("requests_per_client").asInt() * (THINK_S + Scenario.NORMAL_LATENCY_S);
        // Runs before the options existed were all lockstep, with constant latencies.
        Load load = new Load(root.has("arrivals") ? Arrivals.parse(root.get("arrivals").asString()) : Arrivals.LOCKSTEP,
                root.has("latency_sigma") ? root.get("latency_sigma").asDouble() : 0);
        System.out.printf(Locale.ROOT, "From %s: %d clients x %d requests, %s, 1 simulated s = %.1f real ms, seeds %s%n",
                file, clients, root.get("requests_per_client").asInt(), load,
                root.get("ms_per_simulated_second").asDouble(), root.get("seeds"));
        Map<String, Map<String, List<Result>>> byScenario = new LinkedHashMap<>();
        for (tools.jackson.databind.JsonNode report : root.get("scenarios")) {
            Scenario scenario = Arrays.stream(Scenario.values()).filter(s -> s.key.equals(report.get("key").asString()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown scenario " + report.get("key")));
            Map<String, List<Result>> rows = new LinkedHashMap<>();
            for (tools.jackson.databind.JsonNode node : report.get("results")) {
                Result result = mapper.treeToValue(node, Result.class);
                rows.computeIfAbsent(result.contender(), k -> new ArrayList<>()).add(result);
            }
            double[] shape = Contender.shape("ours-balanced");
            print(scenario, scenario.optimum((int) shape[0], (int) shape[1], shape[2], nominal), rows);
            byScenario.put(scenario.key, rows);
        }
        TargetReport.print(byScenario, clients, load);
    }

    /** Knows when the provider is down: answers the fallback at once then, without a provider call; calls otherwise. */
    static Contender.Kind perfectBreaker() {
        return new Contender.Kind(PERFECT_BREAKER, (clock, seed) -> new Contender() {
            private SimulatedProvider provider;

            @Override
            public void attach(SimulatedProvider provider) {
                this.provider = provider;
            }

            @Override
            public String call(Supplier<String> call) {
                if (provider.inWindow(clock.seconds())) {
                    return FALLBACK;
                }
                try {
                    return call.get();
                } catch (RuntimeException e) {
                    return FALLBACK; // the outage began during the request
                }
            }
        });
    }

    static Result run(Scenario scenario, Contender.Kind kind, int clients, int requests, long realNanosPerSecond,
            long seed, double nominal) throws InterruptedException {
        return run(scenario, kind, clients, requests, realNanosPerSecond, seed, nominal, true, Load.DEFAULT);
    }

    /** @param stalls false runs (h)'s provider without its stalls (the healthy baseline) */
    static Result run(Scenario scenario, Contender.Kind kind, int clients, int requests, long realNanosPerSecond,
            long seed, double nominal, boolean stalls, Load load) throws InterruptedException {
        ScaledClock clock = new ScaledClock(realNanosPerSecond);
        SimulatedProvider provider = new SimulatedProvider(scenario, clock, seed, nominal, stalls, load.latencySigma());
        long wallStart = System.nanoTime();
        Outcomes[] outcomes;
        try (Contender contender = kind.factory().create(clock, seed)) {
            contender.attach(provider);
            outcomes = scenario.openLoop()
                    ? openLoop(contender, provider, clock, clients, seed, nominal)
                    : closedLoop(contender, provider, clock, clients, requests, seed, load.arrivals());
        }
        return measure(scenario, kind.name(), seed, provider, outcomes, (System.nanoTime() - wallStart) / 1_000_000);
    }

    /**
     * Each client sends a request, waits for its answer, thinks {@link #THINK_S} (jittered ±20% unless in lockstep),
     * and so on, {@code requests} times; staggered clients start one healthy inter-arrival time apart.
     */
    private static Outcomes[] closedLoop(Contender contender, SimulatedProvider provider, ScaledClock clock, int clients,
            int requests, long seed, Arrivals arrivals) throws InterruptedException {

        Outcomes[] outcomes = new Outcomes[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            outcomes[c] = new Outcomes(requests);
            Thread thread = new Thread(() -> {
                try {
                    clock.sleepSeconds(arrivals.firstRequestAt(client, clients));
                    for (int i = 0; i < requests; i++) {
                        oneRequest(contender, provider, clock, client, i, outcomes[client]);
                        clock.sleepSeconds(arrivals.thinkAfter(seed, client, i));
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
        return outcomes;
    }

    /**
     * Open loop: client {@code c} sends request {@code i} at a time fixed in advance, whether or not its earlier
     * requests have been answered (many users behind one client), so retries add to the load instead of replacing
     * new requests. The healthy spacing is the closed loop's think time plus latency (the same request rate as the
     * other scenarios); inside the window it is {@link Scenario#OVERLOAD_DRIVE} times shorter. Each spacing is
     * jittered by ±20% with dice of (seed, client, request), so every contender meets the same arrivals.
     */
    private static Outcomes[] openLoop(Contender contender, SimulatedProvider provider, ScaledClock clock, int clients,
            long seed, double nominal) throws InterruptedException {
        double healthy = THINK_S + Scenario.NORMAL_LATENCY_S;
        double[][] schedule = new double[clients][];
        int total = 0;
        for (int c = 0; c < clients; c++) {
            List<Double> times = new ArrayList<>();
            double t = healthy * c / clients;
            for (int i = 0; t < nominal; i++) {
                times.add(t);
                double spacing = provider.inWindow(t) ? healthy / Scenario.OVERLOAD_DRIVE : healthy;
                t += spacing * (0.8 + 0.4 * SimulatedProvider.dice(seed, c, i, -1));
            }
            schedule[c] = times.stream().mapToDouble(Double::doubleValue).toArray();
            total += schedule[c].length;
        }
        Outcomes[] outcomes = new Outcomes[clients];
        CountDownLatch done = new CountDownLatch(total);
        ExecutorService pool = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "request");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Thread> senders = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                outcomes[c] = new Outcomes(schedule[c].length);
                Thread sender = new Thread(() -> {
                    try {
                        for (int i = 0; i < schedule[client].length; i++) {
                            clock.sleepSeconds(schedule[client][i] - clock.seconds());
                            int request = i;
                            pool.execute(() -> {
                                try {
                                    oneRequest(contender, provider, clock, client, request, outcomes[client]);
                                } finally {
                                    done.countDown();
                                }
                            });
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "sender-" + client);
                sender.setDaemon(true);
                sender.start();
                senders.add(sender);
            }
            done.await();
        } finally {
            pool.shutdownNow();
        }
        return outcomes;
    }

    private static void oneRequest(Contender contender, SimulatedProvider provider, ScaledClock clock, int client,
            int request, Outcomes into) {
        SimulatedProvider.RequestContext context = SimulatedProvider.CONTEXT.get();
        context.client = client;
        context.request = request;
        context.calls = 0;
        double start = clock.seconds();
        String answer;
        try {
            answer = contender.call(provider::call);
        } catch (RuntimeException failure) { // any failure the contender lets through
            answer = null;
        }
        into.start[request] = start;
        into.end[request] = clock.seconds();
        into.calls[request] = context.calls;
        into.answer[request] = (byte) (Contender.OK.equals(answer) ? 1 : Contender.FALLBACK.equals(answer) ? 2 : 0);
    }

    private static Result measure(Scenario scenario, String contender, long seed, SimulatedProvider provider,
            Outcomes[] outcomes, long wallMillis) {
        double windowStart = provider.windowStart();
        double windowEnd = provider.windowEnd();
        long total = 0;
        long successes = 0;
        long fallbacks = 0;
        long goodInWindow = 0;
        long startedInWindow = 0;
        long callsOfThose = 0;
        double firstRejection = Double.MAX_VALUE;
        double firstRecovery = Double.MAX_VALUE;
        List<Double> latencies = new ArrayList<>();
        for (Outcomes o : outcomes) {
            for (int i = 0; i < o.start.length; i++) {
                total++;
                latencies.add(o.end[i] - o.start[i]);
                boolean ok = o.answer[i] == 1;
                if (ok) {
                    successes++;
                    if (scenario.hasWindow() && o.start[i] >= windowEnd) {
                        firstRecovery = Math.min(firstRecovery, o.end[i]);
                    }
                    if (provider.inWindow(o.end[i])) {
                        goodInWindow++;
                    }
                } else {
                    if (o.answer[i] == 2) {
                        fallbacks++;
                    }
                    if (o.calls[i] == 0 && provider.inWindow(o.start[i])) {
                        firstRejection = Math.min(firstRejection, o.end[i]);
                    }
                }
                if (provider.inWindow(o.start[i])) {
                    startedInWindow++;
                    callsOfThose += o.calls[i];
                }
            }
        }
        double[] all = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Double detection = scenario.hasWindow() && firstRejection != Double.MAX_VALUE ? round(firstRejection - windowStart) : null;
        Double recovery = scenario.hasWindow() && firstRecovery != Double.MAX_VALUE ? round(firstRecovery - windowEnd) : null;
        boolean overload = scenario == Scenario.G_OVERLOAD;
        Double goodput = overload ? round(goodInWindow / (windowEnd - windowStart)) : null;
        Double amplification = overload && startedInWindow > 0 ? round3((double) callsOfThose / startedInWindow) : null;
        Double providerRecovery = overload
                ? round(Math.max(0, provider.lastFailureMicros.get() / 1e6 - windowEnd)) : null;
        return new Result(scenario.key, contender, seed, total,
                ratio(successes, total), ratio(successes + fallbacks, total),
                ratio(provider.calls.sum(), total), provider.callsWhileDown.sum(), provider.rateLimited.sum(),
                round(percentile(all, 0.50)), round(percentile(all, 0.95)), round(percentile(all, 0.99)),
                detection, recovery, goodput, amplification,
                overload ? provider.overloaded.sum() : null, overload ? provider.servedForNobody.sum() : null,
                providerRecovery, provider.probes.sum() == 0 ? null : provider.probes.sum(), wallMillis);
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

    private static double round3(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }

    // ---------------------------------------------------------------- tables

    /** A column of a scenario's table: its header, its value in one result (null: not measured), its format. */
    record Column(String header, Function<Result, Number> value, String format) {}

    static List<Column> columns(Scenario scenario) {
        List<Column> columns = new ArrayList<>();
        columns.add(new Column("success", Result::successRatio, "%"));
        columns.add(new Column("+fallback", Result::successInclFallbackRatio, "%"));
        if (scenario == Scenario.G_OVERLOAD) {
            columns.add(new Column("goodput/s", Result::goodput, "%.2f"));
            columns.add(new Column("amplif.", Result::amplification, "%.3f"));
        }
        columns.add(new Column("calls/req", Result::callsPerRequest, "%.3f"));
        if (scenario == Scenario.G_OVERLOAD) {
            columns.add(new Column("529s", Result::overloaded, "%.0f"));
            columns.add(new Column("wasted", Result::servedForNobody, "%.0f"));
        } else if (scenario.hasWindow()) {
            columns.add(new Column("calls-down", Result::callsWhileDown, "%.0f"));
        }
        if (scenario == Scenario.C_RATE_LIMIT) {
            columns.add(new Column("429s", Result::rateLimited, "%.0f"));
        }
        columns.add(new Column("p50 s", Result::p50, "%.2f"));
        columns.add(new Column("p95 s", Result::p95, "%.2f"));
        columns.add(new Column("p99 s", Result::p99, "%.2f"));
        if (scenario == Scenario.G_OVERLOAD) {
            columns.add(new Column("prov-recover s", Result::providerRecovery, "%.1f"));
            columns.add(new Column("recover s", Result::recovery, "%.1f"));
        } else if (scenario.hasWindow()) {
            columns.add(new Column("detect s", Result::detection, "%.1f"));
            columns.add(new Column("recover s", Result::recovery, "%.1f"));
        }
        return columns;
    }

    /** The values of one column over the seeds; NaN-free, nulls left out. */
    static double[] values(List<Result> results, Function<Result, Number> value) {
        return results.stream().map(value).filter(v -> v != null).mapToDouble(Number::doubleValue).toArray();
    }

    static double mean(List<Result> results, Function<Result, Number> value) {
        double[] values = values(results, value);
        return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** One value, or the mean and (min-max) of several; "-" when there is none; [k/n] when only k of n seeds had one. */
    static String cell(List<Result> results, Function<Result, Number> value, String format) {
        double[] values = values(results, value);
        if (values.length == 0) {
            return "-";
        }
        double mean = Arrays.stream(values).average().orElse(0);
        String text = format(mean, format);
        if (values.length > 1) {
            double min = Arrays.stream(values).min().orElse(0);
            double max = Arrays.stream(values).max().orElse(0);
            text += " (" + format(min, format).replace("%", "") + "-" + format(max, format) + ")";
        }
        if (values.length < results.size()) { // e.g. no recovery within the run for some seeds
            text += " [" + values.length + "/" + results.size() + "]";
        }
        return text;
    }

    static String format(double value, String format) {
        return format.equals("%") ? String.format(Locale.ROOT, "%.1f%%", value * 100) : String.format(Locale.ROOT, format, value);
    }

    private static void print(Scenario scenario, Scenario.Optimum optimum, Map<String, List<Result>> rows) {
        System.out.printf(Locale.ROOT, "%n(%s) %s%n%n", scenario.key, scenario.description);
        List<Column> columns = columns(scenario);
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("contender");
        columns.forEach(c -> header.add(c.header()));
        table.add(header);
        rows.forEach((name, results) -> {
            List<String> row = new ArrayList<>();
            row.add(name);
            columns.forEach(c -> row.add(cell(results, c.value(), c.format())));
            table.add(row);
        });
        table.add(optimumRow(scenario, optimum, columns, rows));
        int[] widths = new int[header.size()];
        for (List<String> row : table) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (int r = 0; r < table.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                String text = table.get(r).get(i);
                line.append(' ').append(i == 0 ? pad(text, widths[i], false) : pad(text, widths[i], true)).append(" |");
            }
            System.out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i == 0 ? "-".repeat(widths[i] + 2) : "-".repeat(widths[i] + 1) + ":").append('|');
                }
                System.out.println(rule);
            }
        }
        if (!optimum.note().isEmpty()) {
            System.out.println("\nOptimum: " + optimum.note() + ".");
        }
    }

    /** The optimum under the columns it has a value for; (b) and (f) take theirs from reference rows of this run. */
    private static List<String> optimumRow(Scenario scenario, Scenario.Optimum optimum, List<Column> columns,
            Map<String, List<Result>> rows) {
        List<String> row = new ArrayList<>();
        row.add("**optimum**");
        for (Column column : columns) {
            String text = "";
            switch (column.header()) {
                case "success":
                case "+fallback":
                    Double success = optimum.success();
                    if (success != null) {
                        text = format(success, "%");
                    } else if (TargetReport.optimumSuccess(scenario, rows) != null) {
                        text = format(TargetReport.optimumSuccess(scenario, rows), "%");
                    }
                    break;
                case "calls/req":
                case "amplif.":
                    text = optimum.callsPerRequest() == null ? "" : format(optimum.callsPerRequest(), "%.3f");
                    break;
                case "calls-down":
                    text = optimum.callsWhileDown() == null ? "" : Long.toString(optimum.callsWhileDown());
                    break;
                case "429s":
                case "529s":
                case "wasted":
                    text = "0";
                    break;
                case "goodput/s":
                    text = format(Scenario.overloadCapacityPerSecond(), "%.2f");
                    break;
                case "detect s":
                case "recover s":
                case "prov-recover s":
                    text = "0";
                    break;
                default:
                    break;
            }
            row.add(text);
        }
        return row;
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - text.length()));
        return right ? fill + text : text + fill;
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
