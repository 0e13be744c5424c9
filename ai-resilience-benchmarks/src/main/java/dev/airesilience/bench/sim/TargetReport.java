package dev.airesilience.bench.sim;

import dev.airesilience.bench.sim.ScenarioSimulator.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The targets of issue 14, checked against the means over the seeds: for each target, the "ours" contender that
 * meets the most of its conditions (then the best on its first one), with every condition's value and verdict.
 */
final class TargetReport {

    /** Points of success and calls per request by which a-d may differ from the reference before it counts as worse. */
    static final double SUCCESS_NOISE = 0.02;
    static final double CALLS_NOISE = 0.05;

    /**
     * Success and provider calls per request of our four strategies in a-d: means over seeds 42-44 with 8 clients x
     * 100 requests, the first runs' load (lockstep arrivals, constant latency), the engine of main at 097c7df, first run of this simulator (BENCHMARKS.md,
     * "Load-aware policies (#14)"). What "the other scenarios do not get worse" compares with: the engine before
     * issue 14. Only a run with the same load can be compared with it. (The 2026-11-22 tables used 150 requests and one seed,
     * so a longer outage window.)
     */
    static final Map<String, double[]> REFERENCE = Map.ofEntries(
            // success, calls/request, and their ranges over the three seeds
            Map.entry("a/ours-aggressive", new double[] {0.962, 1.190, 0.009, 0.010}),
            Map.entry("a/ours-balanced", new double[] {0.990, 1.228, 0.005, 0.019}),
            Map.entry("a/ours-conservative", new double[] {1.000, 1.240, 0.001, 0.026}),
            Map.entry("a/ours-critical", new double[] {1.000, 1.240, 0.000, 0.027}),
            Map.entry("b/ours-aggressive", new double[] {0.596, 0.613, 0.147, 0.145}),
            Map.entry("b/ours-balanced", new double[] {0.698, 0.726, 0.006, 0.009}),
            Map.entry("b/ours-conservative", new double[] {0.402, 0.455, 0.005, 0.008}),
            Map.entry("b/ours-critical", new double[] {1.000, 1.055, 0.000, 0.002}),
            Map.entry("c/ours-aggressive", new double[] {1.000, 1.152, 0.000, 0.021}),
            Map.entry("c/ours-balanced", new double[] {1.000, 1.136, 0.000, 0.011}),
            Map.entry("c/ours-conservative", new double[] {1.000, 1.127, 0.000, 0.010}),
            Map.entry("c/ours-critical", new double[] {1.000, 1.129, 0.000, 0.014}),
            Map.entry("d/ours-aggressive", new double[] {0.884, 1.090, 0.034, 0.004}),
            Map.entry("d/ours-balanced", new double[] {0.896, 1.104, 0.030, 0.005}),
            Map.entry("d/ours-conservative", new double[] {0.898, 1.106, 0.033, 0.002}),
            Map.entry("d/ours-critical", new double[] {0.898, 1.106, 0.033, 0.002}));

    private TargetReport() {}

    /** One condition of a target, measured. */
    record Check(String what, String measured, String limit, boolean met) {
        @Override
        public String toString() {
            return what + " " + measured + " (target " + limit + ": " + (met ? "met" : "**missed**") + ")";
        }
    }

    /**
     * The success optimum of (b) and (f), taken from a reference row of the same run (so that it has the same
     * load): (b) a perfect breaker fails fast exactly the requests that start inside the outage, without calling
     * ({@link ScenarioSimulator#PERFECT_BREAKER}; runs before that row existed used {@code none}, which fails the
     * same requests but paces its clients like a success); (f) the success-maximising 3-attempt client never gives
     * up early and never opens, which is {@code naive-retry}. Null elsewhere or when the reference row did not run.
     */
    static Double optimumSuccess(Scenario scenario, Map<String, List<Result>> rows) {
        String reference = scenario == Scenario.B_OUTAGE
                ? (rows.containsKey(ScenarioSimulator.PERFECT_BREAKER) ? ScenarioSimulator.PERFECT_BREAKER : "none")
                : scenario == Scenario.F_BROWN_OUT ? "naive-retry" : null;
        if (reference == null || !rows.containsKey(reference)) {
            return null;
        }
        return ScenarioSimulator.mean(rows.get(reference), Result::successRatio);
    }

    static void print(Map<String, Map<String, List<Result>>> byScenario, int clients, ScenarioSimulator.Load load) {
        System.out.println();
        System.out.println("Targets of issue 14 (means over the seeds; for each, the \"ours\" contender meeting the most conditions)");
        System.out.println();
        Map<String, List<Result>> b = byScenario.get("b");
        if (b != null) {
            double interArrival = (ScenarioSimulator.THINK_S + Scenario.NORMAL_LATENCY_S) / clients;
            Double optimum = optimumSuccess(Scenario.B_OUTAGE, b);
            double bestPeer = bestPeer(b, Result::successRatio);
            report("Outage (b)", b, name -> {
                List<Result> r = b.get(name);
                double success = ScenarioSimulator.mean(r, Result::successRatio);
                double threshold = Contender.shape(name)[1];
                double down = ScenarioSimulator.mean(r, Result::callsWhileDown);
                double recovery = ScenarioSimulator.mean(r, Result::recovery);
                List<Check> checks = new ArrayList<>();
                checks.add(new Check("success", pct(success), ">= best peer " + pct(bestPeer), success >= bestPeer));
                if (optimum != null) {
                    checks.add(new Check("success", pct(success), ">= optimum " + pct(optimum) + " - 2 points",
                            success >= optimum - 0.02));
                }
                checks.add(new Check("calls while down", num(down, "%.1f"), "<= threshold + 5 = " + num(threshold + 5, "%.0f"),
                        down <= threshold + 5));
                checks.add(new Check("recovery", num(recovery, "%.2f") + " s",
                        "<= 2 healthy inter-arrival times = " + num(2 * interArrival, "%.2f") + " s",
                        !Double.isNaN(recovery) && recovery <= 2 * interArrival));
                return checks;
            });
        }
        Map<String, List<Result>> f = byScenario.get("f");
        if (f != null) {
            Double optimum = optimumSuccess(Scenario.F_BROWN_OUT, f);
            report("Brown-out (f)", f, name -> {
                List<Result> r = f.get(name);
                double success = ScenarioSimulator.mean(r, Result::successRatio);
                double calls = ScenarioSimulator.mean(r, Result::callsPerRequest);
                List<Check> checks = new ArrayList<>();
                if (optimum != null) {
                    checks.add(new Check("success", pct(success), ">= optimum " + pct(optimum) + " - 3 points",
                            success >= optimum - 0.03));
                }
                checks.add(new Check("calls/request", num(calls, "%.3f"), "<= 1.25", calls <= 1.25));
                return checks;
            });
        }
        Map<String, List<Result>> h = byScenario.get("h");
        if (h != null && h.containsKey(ScenarioSimulator.HEALTHY)) {
            double healthyP99 = ScenarioSimulator.mean(h.get(ScenarioSimulator.HEALTHY), Result::p99);
            double noneSuccess = h.containsKey("none") ? ScenarioSimulator.mean(h.get("none"), Result::successRatio) : Double.NaN;
            report("Latency stalls (h)", h, name -> {
                List<Result> r = h.get(name);
                double p99 = ScenarioSimulator.mean(r, Result::p99);
                double calls = ScenarioSimulator.mean(r, Result::callsPerRequest);
                double success = ScenarioSimulator.mean(r, Result::successRatio);
                List<Check> checks = new ArrayList<>();
                checks.add(new Check("p99", num(p99, "%.2f") + " s", "<= 2 x healthy p99 " + num(healthyP99, "%.2f") + " s",
                        p99 <= 2 * healthyP99));
                checks.add(new Check("calls/request", num(calls, "%.3f"), "<= 1.06", calls <= 1.06));
                // Not in the issue: without it, shedding requests to the fallback would "meet" the other two.
                if (!Double.isNaN(noneSuccess)) {
                    checks.add(new Check("success", pct(success), ">= none's " + pct(noneSuccess), success >= noneSuccess));
                }
                return checks;
            });
        }
        Map<String, List<Result>> g = byScenario.get("g");
        if (g != null) {
            double bestPeer = bestPeer(g, Result::goodput);
            report("Overload (g)", g, name -> {
                List<Result> r = g.get(name);
                double goodput = ScenarioSimulator.mean(r, Result::goodput);
                double amplification = ScenarioSimulator.mean(r, Result::amplification);
                double recovery = ScenarioSimulator.mean(r, Result::providerRecovery);
                return List.of(
                        new Check("goodput", num(goodput, "%.2f") + "/s",
                                ">= 1.5 x best peer " + num(bestPeer, "%.2f") + "/s", goodput >= 1.5 * bestPeer),
                        new Check("amplification", num(amplification, "%.3f"), "<= 1.1", amplification <= 1.1),
                        new Check("provider recovery", num(recovery, "%.1f") + " s", "<= 2 s", recovery <= 2));
            });
        }
        for (String key : List.of("a", "b", "c", "d")) {
            Map<String, List<Result>> rows = byScenario.get(key);
            if (rows == null) {
                continue;
            }
            if (!load.equals(ScenarioSimulator.Load.FIRST_RUNS)) {
                System.out.printf(Locale.ROOT, "- Not worse in (%s): not checked; the reference (the engine before issue 14) was measured with the first runs' load: run with --arrivals lockstep --latency-sigma 0.%n", key);
                continue;
            }
            List<String> parts = new ArrayList<>();
            boolean all = true;
            for (String name : rows.keySet()) {
                double[] reference = REFERENCE.get(key + "/" + name);
                if (reference == null) {
                    continue;
                }
                List<Result> r = rows.get(name);
                double success = ScenarioSimulator.mean(r, Result::successRatio);
                double calls = ScenarioSimulator.mean(r, Result::callsPerRequest);
                // Noise: a fixed floor, or the seeds' range in either run where a breaker trips by chance.
                double successNoise = Math.max(SUCCESS_NOISE, Math.max(reference[2], spread(r, Result::successRatio)));
                double callsNoise = Math.max(CALLS_NOISE, Math.max(reference[3], spread(r, Result::callsPerRequest)));
                // In (b) more calls while the provider is down are its own target; here only success must hold.
                boolean ok = success >= reference[0] - successNoise
                        && (key.equals("b") || calls <= reference[1] + callsNoise);
                all &= ok;
                parts.add(String.format(Locale.ROOT, "%s %s / %.3f (was %s / %.3f)%s", name.substring(5), pct(success), calls,
                        pct(reference[0]), reference[1], ok ? "" : " **worse**"));
            }
            if (!parts.isEmpty()) {
                System.out.printf(Locale.ROOT, "- Not worse in (%s), success / calls per request vs run 1 of BENCHMARKS.md's #14 section (in b success only), noise %.0f points / %.2f or the seeds' range in either run: %s. %s%n",
                        key, SUCCESS_NOISE * 100, CALLS_NOISE, String.join("; ", parts), all ? "**Met.**" : "**Missed.**");
            }
        }
    }

    private static void report(String target, Map<String, List<Result>> rows, Function<String, List<Check>> checks) {
        List<String> ours = rows.keySet().stream().filter(Contender::isOurs).collect(Collectors.toList());
        if (ours.isEmpty()) {
            return;
        }
        Comparator<String> byMet = Comparator.comparingLong(name -> met(checks.apply(name)));
        String best = ours.stream().max(byMet.thenComparing(name -> firstValue(checks.apply(name)))).orElseThrow();
        List<Check> bestChecks = checks.apply(best);
        List<String> meetingAll = ours.stream().filter(name -> met(checks.apply(name)) == checks.apply(name).size())
                .collect(Collectors.toList());
        System.out.printf(Locale.ROOT, "- %s: %s, %d of %d met: %s.%s Conditions met per contender: %s.%n", target, best,
                met(bestChecks), bestChecks.size(), bestChecks.stream().map(Check::toString).collect(Collectors.joining("; ")),
                meetingAll.isEmpty() ? " No \"ours\" contender meets all." : " Met in full by: " + String.join(", ", meetingAll) + ".",
                ours.stream().map(name -> name + " " + met(checks.apply(name)) + "/" + checks.apply(name).size())
                        .collect(Collectors.joining(", ")));
    }

    private static long met(List<Check> checks) {
        return checks.stream().filter(Check::met).count();
    }

    /** The first condition's measured number, to break ties: higher is better for success and goodput. */
    private static double firstValue(List<Check> checks) {
        String measured = checks.get(0).measured().replaceAll("[^0-9.\\-]", "");
        boolean higherIsBetter = !checks.get(0).limit().startsWith("<=");
        try {
            double value = Double.parseDouble(measured);
            return higherIsBetter ? value : -value;
        } catch (NumberFormatException e) {
            return Double.NEGATIVE_INFINITY;
        }
    }

    private static double bestPeer(Map<String, List<Result>> rows, Function<Result, Number> value) {
        return rows.entrySet().stream().filter(e -> Contender.isPeer(e.getKey()))
                .mapToDouble(e -> ScenarioSimulator.mean(e.getValue(), value)).filter(v -> !Double.isNaN(v))
                .max().orElse(Double.NaN);
    }

    private static double spread(List<Result> results, Function<Result, Number> value) {
        double[] values = ScenarioSimulator.values(results, value);
        if (values.length < 2) {
            return 0;
        }
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        return max - min;
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    private static String num(double value, String format) {
        return String.format(Locale.ROOT, format, value);
    }
}
