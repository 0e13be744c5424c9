package dev.airesilience.server.internalapi;

import static dev.airesilience.server.internalapi.Params.ordered;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.monitoring.ConfigAlert;
import dev.airesilience.config.monitoring.ConfigEvent;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.monitoring.ConfigEventType;
import dev.airesilience.config.monitoring.LoadPerformance;
import dev.airesilience.server.web.ApiException;
import dev.airesilience.settings.PresetManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /internal/resilience/monitoring} (seed §7.7): the orchestrator's configuration event log (§3.10) —
 * usage, per-preset trends, load performance, alerts, sessions, export and cleanup. Time windows are whole hours,
 * 1 to 720 (the log keeps 24 h by default).
 */
@RestController
@RequestMapping("/internal/resilience/monitoring")
public class MonitoringController {

    static final int MAX_HOURS = 720;
    private static final List<String> LEVELS =
            Arrays.stream(ConfigAlert.Level.values()).map(ConfigAlert.Level::wireName).toList();

    private final AIServiceResilience resilience;

    public MonitoringController(AIServiceResilience resilience) {
        this.resilience = resilience;
    }

    private ConfigEventLog log() {
        return resilience.configEvents();
    }

    @GetMapping("/usage-statistics")
    public Map<String, Object> usage(@RequestParam(name = "time_window_hours", required = false) String window) {
        int hours = Params.wholeNumber("time_window_hours", window, 24, 1, MAX_HOURS);
        var statistics = log().usageStatistics(Duration.ofHours(hours));
        return ordered("time_window_hours", hours, "statistics", statistics,
                "summary", ordered("healthy", statistics.errorRate() < 0.05,
                        "performance_good", statistics.avgLoadTimeMs() < 100,
                        "preset_adoption", 1 - statistics.legacyConfigUsageRate()));
    }

    /**
     * Hourly {@code preset_usage} counts of one preset, oldest first, the current hour last. The name must be a
     * preset or a name the log has recorded (such as {@code custom}); anything else is a 404 rather than a series
     * of zeros that hides a typo.
     */
    @GetMapping("/preset-trends/{preset}")
    public Map<String, Object> presetTrend(@PathVariable String preset,
            @RequestParam(required = false) String hours) {
        String name = Params.name("preset_name", preset);
        int window = Params.wholeNumber("hours", hours, 24, 1, MAX_HOURS);
        TreeSet<String> known = new TreeSet<>(PresetManager.listPresets());
        log().events(null, ConfigEventType.PRESET_USAGE).forEach(event -> known.add(event.presetName()));
        if (!known.contains(name)) {
            throw ApiException.notFound("Unknown preset '" + ApiException.abbreviate(name) + "'. Available presets: "
                    + PresetManager.listPresets() + "; recorded in the log: " + known);
        }
        var trend = log().presetUsageTrend(name, window);
        long total = trend.stream().mapToLong(ConfigEventLog.UsageTrendPoint::usageCount).sum();
        long peak = trend.stream().mapToLong(ConfigEventLog.UsageTrendPoint::usageCount).max().orElse(0);
        return ordered("preset_name", name, "time_window_hours", window, "trend_data", trend,
                "summary", ordered("total_usage", total, "peak_usage", peak,
                        "avg_hourly_usage", Benchmarks.round((double) total / window)));
    }

    /**
     * Configuration load times of the window, per preset too; {@code total_samples} is always present (the seed
     * answered 500 when nothing had loaded yet).
     */
    @GetMapping("/performance-metrics")
    public Map<String, Object> performanceMetrics(@RequestParam(required = false) String hours) {
        int window = Params.wholeNumber("hours", hours, 24, 1, MAX_HOURS);
        LoadPerformance performance = log().performance(Duration.ofHours(window));
        Map<String, List<Double>> byPreset = new LinkedHashMap<>();
        for (ConfigEvent event : log().events(Duration.ofHours(window), ConfigEventType.CONFIG_LOAD)) {
            byPreset.computeIfAbsent(event.presetName(), key -> new java.util.ArrayList<>()).add(event.value());
        }
        Map<String, Object> perPreset = new LinkedHashMap<>();
        byPreset.forEach((preset, times) -> perPreset.put(preset, ordered(
                "avg", times.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                "min", times.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                "max", times.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                "sample_count", times.size())));
        Map<String, Object> metrics = ordered("avg_load_time_ms", performance.avgLoadTimeMs(),
                "min_load_time_ms", performance.minLoadTimeMs(), "max_load_time_ms", performance.maxLoadTimeMs(),
                "p95_load_time_ms", performance.p95LoadTimeMs(), "error_count", performance.errorCount(),
                "total_samples", performance.totalSamples(), "preset_performance", perPreset);
        double errorRate = (double) performance.errorCount() / Math.max(performance.totalSamples(), 1);
        return ordered("time_window_hours", window, "performance_metrics", metrics,
                "health_check", ordered("performance_good", performance.avgLoadTimeMs() < 100,
                        "error_rate_acceptable", errorRate < 0.05,
                        "p95_within_threshold", performance.p95LoadTimeMs() < 200));
    }

    @GetMapping("/alerts")
    public Map<String, Object> alerts(@RequestParam(name = "max_alerts", required = false) String maxAlerts,
            @RequestParam(required = false) String level) {
        int max = Params.wholeNumber("max_alerts", maxAlerts, 50, 1, 1_000);
        String wanted = Params.oneOf("level", level, null, LEVELS);
        List<ConfigAlert> alerts = log().activeAlerts(max).stream()
                .filter(alert -> wanted == null || alert.level().wireName().equals(wanted))
                .toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ConfigAlert.Level each : ConfigAlert.Level.values()) {
            counts.put(each.wireName(), alerts.stream().filter(alert -> alert.level() == each).count());
        }
        return ordered("alerts", alerts, "summary", ordered("total_alerts", alerts.size(), "alert_counts", counts,
                "has_critical", counts.get("critical") > 0, "has_errors", counts.get("error") > 0));
    }

    /**
     * The events recorded in one session (a runtime update sent with {@code ?session_id=}); an unknown id has
     * no events, as in the seed.
     */
    @GetMapping("/session/{sessionId}")
    public Map<String, Object> session(@PathVariable String sessionId) {
        String id = Params.name("session_id", sessionId);
        List<ConfigEvent> events = log().sessionEvents(id);
        Map<String, Long> presetUsage = new LinkedHashMap<>();
        long errors = 0;
        double loadTime = 0;
        long loads = 0;
        for (ConfigEvent event : events) {
            switch (event.type()) {
                case PRESET_USAGE -> presetUsage.merge(event.presetName(), 1L, Long::sum);
                case CONFIG_ERROR -> errors++;
                case CONFIG_LOAD -> {
                    loads++;
                    loadTime += event.value();
                }
                default -> { }
            }
        }
        return ordered("session_id", id, "metrics", events, "summary", ordered(
                "total_operations", events.size(), "preset_usage", presetUsage, "error_count", errors,
                "error_rate", (double) errors / Math.max(events.size(), 1),
                "avg_load_time_ms", loads == 0 ? 0.0 : loadTime / loads));
    }

    /**
     * The events as {@code json} or {@code csv} (the core's export: formula-safe CSV cells), of the last
     * {@code time_window_hours}, or all retained events without it.
     */
    @GetMapping("/export")
    public Map<String, Object> export(@RequestParam(required = false) String format,
            @RequestParam(name = "time_window_hours", required = false) String window) {
        String wanted = format == null ? "json" : format.trim().toLowerCase(Locale.ROOT);
        Integer hours = window == null ? null : Params.wholeNumber("time_window_hours", window, 0, 1, MAX_HOURS);
        String data;
        try {
            data = log().export(wanted, hours == null ? null : Duration.ofHours(hours));
        } catch (IllegalArgumentException e) {
            // The core's message, exactly as the seed's: Format must be 'json' or 'csv'
            throw new ApiException(HttpStatus.BAD_REQUEST, "VALIDATION_ERROR", e.getMessage(), ordered("field", "format",
                    "allowed", List.of("json", "csv"), "received", ApiException.abbreviate(format)), null);
        }
        return ordered("format", wanted, "time_window_hours", hours, "data", data,
                "export_timestamp", Instant.now().toString());
    }

    /** Drops events and alerts older than {@code hours} (0 drops everything) and says how many went and stay. */
    @PostMapping("/cleanup")
    public Map<String, Object> cleanup(@RequestParam(required = false) String hours) {
        int age = Params.wholeNumber("hours", hours, 24, 0, MAX_HOURS);
        ConfigEventLog log = log();
        int eventsBefore = log.size();
        int alertsBefore = log.activeAlerts(Integer.MAX_VALUE).size();
        log.clearOlderThan(Duration.ofHours(age));
        int eventsAfter = log.size();
        int alertsAfter = log.activeAlerts(Integer.MAX_VALUE).size();
        return ordered("cleanup_threshold_hours", age, "metrics_removed", Math.max(0, eventsBefore - eventsAfter),
                "alerts_removed", Math.max(0, alertsBefore - alertsAfter), "metrics_remaining", eventsAfter,
                "alerts_remaining", alertsAfter, "cleanup_timestamp", Instant.now().toString());
    }
}
