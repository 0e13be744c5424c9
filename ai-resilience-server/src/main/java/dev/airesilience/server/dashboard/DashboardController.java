package dev.airesilience.server.dashboard;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.metrics.TargetSnapshot;
import dev.airesilience.server.text.TextOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard}: the operator page ({@code static/dashboard/}: page, script, style and the vendored uPlot),
 * which polls {@code GET /internal/dashboard/data} every second and drives {@code /internal/chaos}.
 */
@RestController
public class DashboardController {

    /** How many timeline entries one response carries. */
    static final int TIMELINE_ENTRIES = 50;

    private final AIServiceResilience resilience;
    private final LatencyHistory latency;
    private final DashboardSampler sampler;
    private final Timeline timeline;
    private final DashboardSettings settings;
    private final String page;

    DashboardController(AIServiceResilience resilience, LatencyHistory latency, DashboardSampler sampler,
            Timeline timeline, DashboardSettings settings) {
        this.resilience = resilience;
        this.latency = latency;
        this.sampler = sampler;
        this.timeline = timeline;
        this.settings = settings;
        try (InputStream in = DashboardController.class.getResourceAsStream("/static/dashboard/index.html")) {
            if (in == null) {
                throw new IllegalStateException("static/dashboard/index.html is missing from the classpath");
            }
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping(value = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(page);
    }

    /**
     * Everything the page shows. Per operation (the service's five first, then any other the orchestrator knows):
     * breaker state with the time left until it admits a trial, the rate-limit cooldown, a generic
     * {@code rejecting} state, the rolling window and its history, lifetime totals and latency. A route's target is an
     * operation of its own ({@code target:<name>}, with the same fields) and also has {@code target}: what its quota
     * has left and its last error.
     */
    @GetMapping("/internal/dashboard/data")
    public ResponseEntity<Map<String, Object>> data() {
        Instant now = Instant.now();
        List<String> names = new ArrayList<>();
        for (TextOperation operation : TextOperation.values()) {
            names.add(operation.resilienceOperation());
        }
        resilience.operations().stream().sorted().filter(name -> !names.contains(name)).forEach(names::add);
        Map<String, TargetSnapshot> targets = resilience.getAllMetrics().targets();
        List<Map<String, Object>> operations = new ArrayList<>();
        for (String name : names) {
            operations.add(operation(name, now, targets));
        }
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Timeline.Entry entry : timeline.newest(TIMELINE_ENTRIES)) {
            entries.add(entry(entry));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", now.toString());
        body.put("healthy", resilience.isHealthy());
        body.put("window_seconds", settings.window().toMillis() / 1000.0);
        body.put("sample_seconds", settings.sampleInterval().toMillis() / 1000.0);
        body.put("bucket_seconds", LatencyHistory.BUCKET_MILLIS / 1000);
        body.put("operations", operations);
        body.put("timeline", entries);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }

    private Map<String, Object> operation(String name, Instant now, Map<String, TargetSnapshot> targets) {
        ResilienceMetrics metrics = resilience.getMetrics(name);
        CircuitBreakerSnapshot breaker = resilience.getCircuitBreaker(name).orElse(null);
        String state = breaker == null ? "closed" : breaker.state().wireName();
        Instant openUntil = breaker == null ? null : breaker.openUntil();
        Long openRemaining = "open".equals(state) && openUntil != null
                ? Math.max(0, Duration.between(now, openUntil).toMillis()) : null;
        // The core's own cooldown: it also knows the 429s whose Retry-After outlasted a call's budget (no retry event).
        Timeline.Cooldown cooldown = resilience.getCooldownUntil(name)
                .map(until -> new Timeline.Cooldown(until, Math.max(0, Duration.between(now, until).toMillis())))
                .orElse(null);

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", name);
        view.put("state", state);
        view.put("open_until", openUntil == null ? null : openUntil.toString());
        view.put("open_remaining_ms", openRemaining);
        view.put("cooldown", cooldown == null ? null
                : Map.of("until", cooldown.until().toString(), "remaining_ms", cooldown.remainingMillis()));
        view.put("rejecting", rejecting(name, openRemaining, cooldown));
        RollingWindow window = sampler.window(name);
        view.put("window", window(window.window(settings.window().toNanos())));
        RollingWindow.Series series = window.series(settings.window().toNanos());
        view.put("series", Map.of("t", series.epochMillis().stream().map(ms -> ms / 1000.0).toList(),
                "success_rate", series.successRate(), "requests_per_second", series.requestsPerSecond()));
        Map<String, Object> lifetime = new LinkedHashMap<>();
        lifetime.put("calls", metrics.totalCalls());
        lifetime.put("success_rate", metrics.successRate());
        lifetime.put("retries", metrics.retryAttempts());
        lifetime.put("fallbacks", metrics.fallbackCalls());
        lifetime.put("rejections", metrics.rejectedCalls());
        lifetime.put("reasons", metrics.reasons()); // outcome -> reason -> count, from the same events as the meters
        lifetime.put("p50_ms", metrics.latency().p50Ms());
        lifetime.put("p99_ms", metrics.latency().p99Ms());
        view.put("lifetime", lifetime);
        LatencyHistory.Percentiles percentiles = latency.percentiles(name);
        view.put("latency", Map.of("t", percentiles.t(), "p50_ms", percentiles.p50Ms(), "p99_ms", percentiles.p99Ms()));
        // A route's target is an operation of its own ("target:<name>"): its card also shows its quota and last error.
        TargetSnapshot target = name.startsWith(RoutingConfig.Target.OPERATION_PREFIX)
                ? targets.get(name.substring(RoutingConfig.Target.OPERATION_PREFIX.length())) : null;
        if (target != null) {
            Map<String, Object> routed = new LinkedHashMap<>();
            routed.put("requests_remaining", target.requestsRemaining());
            routed.put("tokens_remaining", target.tokensRemaining());
            routed.put("last_error", target.lastError());
            routed.put("last_error_at", target.lastErrorAt() == null ? null : target.lastErrorAt().toString());
            view.put("target", routed);
        }
        return view;
    }

    /**
     * Why calls of the operation are turned away now, if they are: {@code reason} is a wire name
     * ({@code circuit_open}, {@code rate_limited}, {@code client_throttled}...) that the page shows as it comes.
     * A cooldown alone is not a rejection (calls whose budget covers it wait), so it is reported separately.
     */
    private Map<String, Object> rejecting(String name, Long openRemaining, Timeline.Cooldown cooldown) {
        Timeline.Entry run = timeline.activeRejection(name);
        Map<String, Object> rejecting = new LinkedHashMap<>();
        if (openRemaining != null) {
            rejecting.put("reason", Timeline.CIRCUIT_OPEN);
            rejecting.put("remaining_ms", openRemaining);
        } else if (run != null) {
            rejecting.put("reason", run.reason());
            rejecting.put("remaining_ms", Timeline.RATE_LIMITED.equals(run.reason()) && cooldown != null
                    ? cooldown.remainingMillis() : null);
        } else {
            return null;
        }
        rejecting.put("recent_rejections", run == null ? 0 : run.count());
        return rejecting;
    }

    private static Map<String, Object> window(RollingWindow.Stats stats) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("seconds", Math.round(stats.seconds() * 10) / 10.0);
        view.put("calls", stats.calls());
        view.put("successful", stats.successful());
        view.put("failed", stats.failed());
        view.put("rejected", stats.rejected());
        view.put("fallbacks", stats.fallbacks());
        view.put("retries", stats.retries());
        view.put("success_rate", stats.successRate());
        view.put("requests_per_second", stats.requestsPerSecond());
        return view;
    }

    private static Map<String, Object> entry(Timeline.Entry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("sequence", entry.sequence());
        view.put("at", entry.at().toString());
        view.put("last_at", entry.lastAt().toString());
        view.put("operation", entry.operation());
        view.put("kind", entry.kind());
        view.put("from", entry.from());
        view.put("to", entry.to());
        view.put("reason", entry.reason());
        view.put("count", entry.count());
        view.put("retry_after_ms", entry.retryAfterMillis());
        return view;
    }
}
