package dev.airesilience.server.dashboard;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.metrics.CircuitBreakerSnapshot;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.server.text.TextOperation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * {@code GET /dashboard}: one self-contained page (inline CSS, JS and SVG) that polls
 * {@code /internal/dashboard/data} every second and drives {@code /internal/chaos}.
 */
@RestController
public class DashboardController {

    private final AIServiceResilience resilience;
    private final LatencyHistory latency;
    private final String page;

    public DashboardController(AIServiceResilience resilience, LatencyHistory latency) {
        this.resilience = resilience;
        this.latency = latency;
        try (InputStream in = DashboardController.class.getResourceAsStream("dashboard.html")) {
            if (in == null) {
                throw new IllegalStateException("dashboard.html is missing from the classpath");
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

    /** Everything the page shows, per operation: the service's five first, then any other the orchestrator knows. */
    @GetMapping("/internal/dashboard/data")
    public Map<String, Object> data() {
        List<String> names = new ArrayList<>();
        for (TextOperation operation : TextOperation.values()) {
            names.add(operation.resilienceOperation());
        }
        resilience.operations().stream().sorted().filter(name -> !names.contains(name)).forEach(names::add);
        List<Map<String, Object>> operations = new ArrayList<>();
        for (String name : names) {
            ResilienceMetrics metrics = resilience.getMetrics(name);
            CircuitBreakerSnapshot breaker = resilience.getCircuitBreaker(name).orElse(null);
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", name);
            view.put("state", breaker == null ? "closed" : breaker.state().wireName());
            view.put("open_until", breaker == null || breaker.openUntil() == null ? null : breaker.openUntil().toString());
            view.put("calls", metrics.totalCalls());
            view.put("success_rate", metrics.successRate());
            view.put("retries", metrics.retryAttempts());
            view.put("fallbacks", metrics.fallbackCalls());
            view.put("rejections", metrics.rejectedCalls());
            view.put("reasons", metrics.reasons()); // outcome -> reason -> count, from the same events as the meters
            view.put("p50_ms", metrics.latency().p50Ms());
            view.put("p99_ms", metrics.latency().p99Ms());
            view.put("latency_history", latency.percentiles(name));
            operations.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        body.put("healthy", resilience.isHealthy());
        body.put("bucket_seconds", LatencyHistory.BUCKET_MILLIS / 1000);
        body.put("operations", operations);
        return body;
    }
}
