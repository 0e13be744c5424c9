package dev.airesilience.server.simulator;

import dev.airesilience.server.web.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /internal/chaos}: reads and changes the simulated provider's misbehaviour at run time. A PUT changes only
 * the fields it names; {@code outage_seconds} starts an outage window now (0 ends it); {@code reset: true}
 * restores calm first. An invalid PUT changes nothing.
 */
@RestController
@RequestMapping("/internal/chaos")
public class ChaosController {

    private static final List<String> FIELDS = List.of("error_rate", "status_mix", "retry_after_seconds", "latency_ms",
            "requests_per_second", "fail_next", "retry_after_raw", "error_message", "outage_seconds", "reset");

    private final ObjectProvider<SimulatedProvider> simulator;

    public ChaosController(ObjectProvider<SimulatedProvider> simulator) {
        this.simulator = simulator;
    }

    /** The misbehaviour of every model, or with {@code model} that model's (its own, or every model's). */
    @GetMapping
    public Map<String, Object> get(@RequestParam(required = false) String model) {
        return view(provider(), model);
    }

    @GetMapping("/requests")
    public Map<String, Object> requests(@RequestParam(defaultValue = "100") int limit) {
        List<RecordedRequest> all = provider().requests();
        int from = Math.max(0, all.size() - Math.max(0, Math.min(limit, 10_000)));
        return Map.of("total_requests", provider().totalRequests(), "requests", all.subList(from, all.size()));
    }

    /**
     * Changes the misbehaviour of every model, or with {@code model} that model's alone (a model given its own keeps
     * it until a {@code reset} of every model): separate outages and quotas for the targets of a route.
     */
    @PutMapping
    public Map<String, Object> put(@RequestParam(required = false) String model, @RequestBody Map<String, Object> body) {
        SimulatedProvider provider = provider();
        List<String> problems = new ArrayList<>();
        body.keySet().stream().filter(key -> !FIELDS.contains(key))
                .forEach(key -> problems.add("unknown field '" + key + "'; allowed: " + FIELDS));
        if (model != null && (model.isBlank() || model.length() > 200)) {
            problems.add("model must be 1 to 200 characters, got " + model.length());
        }
        ChaosSettings base = Boolean.TRUE.equals(body.get("reset")) ? ChaosSettings.CALM
                : model == null ? provider.chaos() : provider.chaos(model);
        ChaosSettings next = new ChaosSettings(
                number(body, "error_rate", base.errorRate(), problems).doubleValue(),
                statusMix(body, base.statusMix(), problems),
                integer(body, "retry_after_seconds", ChaosSettings.RETRY_AFTER_SECONDS, base.retryAfterSeconds(), problems),
                integer(body, "latency_ms", ChaosSettings.LATENCY_MS, base.latencyMs(), problems),
                integer(body, "requests_per_second", ChaosSettings.REQUESTS_PER_SECOND, base.requestsPerSecond(),
                        problems),
                integer(body, "fail_next", ChaosSettings.FAIL_NEXT, base.failNext(), problems),
                text(body, "retry_after_raw", base.retryAfterRaw(), problems),
                text(body, "error_message", base.errorMessage(), problems));
        int outage = integer(body, "outage_seconds", ChaosSettings.OUTAGE_SECONDS, -1, problems);
        problems.addAll(next.problems());
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR",
                    "Invalid chaos settings: nothing was changed", Map.of("problems", problems), null);
        }
        if (model == null) {
            provider.setChaos(next);
            if (Boolean.TRUE.equals(body.get("reset"))) {
                provider.forgetModels();
                provider.startOutage(Duration.ZERO);
            }
            if (outage >= 0) {
                provider.startOutage(Duration.ofSeconds(outage));
            }
        } else {
            provider.setChaos(model, next);
            if (Boolean.TRUE.equals(body.get("reset"))) {
                provider.startOutage(model, Duration.ZERO);
            }
            if (outage >= 0) {
                provider.startOutage(model, Duration.ofSeconds(outage));
            }
        }
        return view(provider, model);
    }

    private SimulatedProvider provider() {
        SimulatedProvider provider = simulator.getIfAvailable();
        if (provider == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND",
                    "No simulated provider: AI_BASE_URL points the service at a real one", Map.of(), null);
        }
        return provider;
    }

    private static Map<String, Object> view(SimulatedProvider provider, String model) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (model != null) {
            view.put("model", model);
        }
        view.put("settings", model == null ? provider.chaos() : provider.chaos(model));
        view.put("outage_remaining_seconds", model == null ? provider.outageRemainingSeconds()
                : provider.outageRemainingSeconds(model));
        view.put("models_with_own_settings", provider.modelsWithOwnChaos());
        view.put("total_requests", provider.totalRequests());
        view.put("base_url", provider.baseUrl().toString());
        return view;
    }

    private static Number number(Map<String, Object> body, String field, Number fallback, List<String> problems) {
        Object value = body.get(field);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number number)) {
            problems.add(field + " must be a number, got " + value);
            return fallback;
        }
        return number;
    }

    /**
     * A whole number within {@code range}, checked before it becomes an {@code int}: JSON numbers have no size
     * limit, and {@code 4294967396} must be refused, not wrapped to 100. Out of range: a problem, and the fallback.
     */
    private static int integer(Map<String, Object> body, String field, ChaosSettings.Range range, int fallback,
            List<String> problems) {
        if (body.get(field) == null) {
            return fallback;
        }
        Number number = number(body, field, fallback, problems);
        double value = number.doubleValue();
        if (value != Math.rint(value)) {
            problems.add(field + " must be a whole number, got " + number);
            return fallback;
        }
        if (!range.contains(value)) {
            problems.add(range.problem(field, number));
            return fallback;
        }
        return number.intValue();
    }

    /** A string sent verbatim ({@code retry_after_raw}, {@code error_message}), or null to go back to the default. */
    private static String text(Map<String, Object> body, String field, String fallback, List<String> problems) {
        if (!body.containsKey(field)) {
            return fallback;
        }
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            problems.add(field + " must be a string or null, got a " + value.getClass().getSimpleName());
            return fallback;
        }
        return (String) value;
    }

    private static Map<Integer, Integer> statusMix(Map<String, Object> body, Map<Integer, Integer> fallback,
            List<String> problems) {
        Object value = body.get("status_mix");
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("status_mix must be an object of status → weight, e.g. {\"429\": 1}, got " + value);
            return fallback;
        }
        int problemsBefore = problems.size();
        Map<Integer, Integer> mix = new HashMap<>();
        map.forEach((key, weight) -> {
            try {
                int status = Integer.parseInt(String.valueOf(key));
                if (!(weight instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
                    problems.add("status_mix." + key + " weight must be a whole number between 1 and 1000, got " + weight);
                } else if (!ChaosSettings.STATUS_WEIGHT.contains(number.doubleValue())) {
                    problems.add(ChaosSettings.STATUS_WEIGHT.problem("status_mix." + key + " weight", number));
                } else {
                    mix.put(status, number.intValue());
                }
            } catch (NumberFormatException e) {
                problems.add("status_mix keys must be one of " + ChaosSettings.ERROR_STATUSES + ", got " + key);
            }
        });
        // A refused entry is already reported; the rest of the mix is not judged without it.
        return problems.size() > problemsBefore ? fallback : mix;
    }
}
