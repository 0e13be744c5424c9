package dev.airesilience.config.monitoring;

import dev.airesilience.config.schema.ConfigSchema;

import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded, thread-safe log of configuration events (§3.10). At most {@code maxEvents} events and
 * {@code maxEvents / 10} alerts are kept (oldest dropped first), and nothing older than the retention period
 * survives a record or a query. Each event is bounded too: a change keeps at most {@value #MAX_CHANGES_PER_EVENT}
 * per-key changes and a validation at most {@value #MAX_ERRORS_PER_EVENT} error messages, so an update naming
 * a thousand operations leaves no more in the log than one naming fifty. Reads the injected {@link TimeSource},
 * so tests run in virtual time.
 *
 * <p>Alerts: a load slower than 100 ms (warning), every configuration error (error), more than 10 changes in one
 * hour (warning), and a validation failure rate above 10 % over at least 10 validations in one hour (warning).
 */
public final class ConfigEventLog {

    public static final int DEFAULT_MAX_EVENTS = 10_000;
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);
    public static final double LOAD_TIME_THRESHOLD_MS = 100.0;
    public static final int CHANGE_FREQUENCY_THRESHOLD = 10;
    public static final double VALIDATION_FAILURE_THRESHOLD = 0.1;
    /**
     * Per-key changes one change event keeps (the first ones: scalar keys come before operation overrides);
     * {@code changes_omitted} says how many more there were. Bounds what each update leaves in the log.
     */
    public static final int MAX_CHANGES_PER_EVENT = 50;
    /** Error messages one validation event keeps; {@code validation_errors_omitted} says how many more there were. */
    public static final int MAX_ERRORS_PER_EVENT = 20;

    private final TimeSource time;
    private final int maxEvents;
    private final int maxAlerts;
    private final Duration retention;
    // Short critical sections over plain deques; never held around user code.
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<ConfigEvent> events = new ArrayDeque<>();
    private final Deque<ConfigAlert> alerts = new ArrayDeque<>();
    // The hourly alert rules read these instead of scanning the whole log, so recording stays O(1).
    private final RecentWindow recentChanges;
    private final RecentWindow recentValidations;

    /** The session events recorded on this thread belong to; see {@link #openSession}. */
    private final ThreadLocal<String> currentSession = new ThreadLocal<>();

    public ConfigEventLog(TimeSource time) {
        this(time, DEFAULT_MAX_EVENTS, DEFAULT_RETENTION);
    }

    /**
     * @param maxEvents events kept (10–1,000,000)
     * @param retention how long events and alerts are kept (1 minute to 30 days)
     */
    public ConfigEventLog(TimeSource time, int maxEvents, Duration retention) {
        this.time = Objects.requireNonNull(time, "time");
        if (maxEvents < 10 || maxEvents > 1_000_000) {
            throw new IllegalArgumentException("maxEvents must be between 10 and 1000000 (inclusive), but was " + maxEvents);
        }
        if (retention.compareTo(Duration.ofMinutes(1)) < 0 || retention.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("retention must be between PT1M and P30D (inclusive), but was " + retention);
        }
        this.maxEvents = maxEvents;
        this.maxAlerts = Math.max(1, maxEvents / 10);
        this.retention = retention;
        this.recentChanges = new RecentWindow(maxEvents);
        this.recentValidations = new RecentWindow(maxEvents);
    }

    // ---------------------------------------------------------------- recording

    public void recordPresetUsage(String preset, String operation, Map<String, Object> metadata) {
        record(ConfigEventType.PRESET_USAGE, preset, operation, 1.0, metadata);
    }

    /** A configuration load and how long it took; a load over 100 ms raises a warning. */
    public void recordConfigLoad(String preset, String operation, double durationMs, Map<String, Object> metadata) {
        ConfigEvent event = record(ConfigEventType.CONFIG_LOAD, preset, operation, durationMs, metadata);
        if (durationMs > LOAD_TIME_THRESHOLD_MS) {
            alert(new ConfigAlert(event.timestamp(), ConfigAlert.Level.WARNING, "Slow Configuration Load: " + preset,
                    operation + " took " + durationMs + " ms", preset, ConfigEventType.PERFORMANCE_EVENT,
                    LOAD_TIME_THRESHOLD_MS, durationMs));
        }
    }

    /** A configuration error; always raises an error alert. */
    public void recordConfigError(String preset, String operation, String message, Map<String, Object> metadata) {
        Map<String, Object> details = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        details.put("error_message", message);
        ConfigEvent event = record(ConfigEventType.CONFIG_ERROR, preset, operation, 1.0, details);
        alert(new ConfigAlert(event.timestamp(), ConfigAlert.Level.ERROR, "Configuration Error: " + preset,
                "Error in " + operation + ": " + message, preset, ConfigEventType.CONFIG_ERROR, 0.0, 1.0));
    }

    /**
     * A configuration change with its per-key diff ({@code key → {old, new}}): the first
     * {@value #MAX_CHANGES_PER_EVENT} entries are kept, with {@code changes_omitted} counting the rest.
     */
    public void recordConfigChange(String oldPreset, String newPreset, String operation, Map<String, ?> changes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("old_preset", oldPreset);
        details.put("new_preset", newPreset);
        Map<String, Object> kept = new LinkedHashMap<>();
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            if (kept.size() == MAX_CHANGES_PER_EVENT) {
                break;
            }
            kept.put(change.getKey(), change.getValue());
        }
        details.put("changes", Collections.unmodifiableMap(kept));
        if (changes.size() > kept.size()) {
            details.put("changes_omitted", changes.size() - kept.size());
        }
        ConfigEvent event = record(ConfigEventType.CONFIG_CHANGE, newPreset, operation, 1.0, details);
        long lastHour;
        lock.lock();
        try {
            recentChanges.add(event.timestamp(), false);
            recentChanges.evictBefore(event.timestamp().minus(Duration.ofHours(1)));
            lastHour = recentChanges.size();
        } finally {
            lock.unlock();
        }
        if (lastHour > CHANGE_FREQUENCY_THRESHOLD) {
            alert(new ConfigAlert(event.timestamp(), ConfigAlert.Level.WARNING, "Frequent Configuration Changes",
                    lastHour + " changes in the last hour", newPreset, ConfigEventType.CONFIG_CHANGE,
                    CHANGE_FREQUENCY_THRESHOLD, lastHour));
        }
    }

    /**
     * A validation and its error messages: the first {@value #MAX_ERRORS_PER_EVENT} are kept, with
     * {@code validation_errors_omitted} counting the rest.
     */
    public void recordValidation(String preset, String operation, boolean valid, List<String> errors) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("is_valid", valid);
        details.put("validation_errors", List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS_PER_EVENT))));
        if (errors.size() > MAX_ERRORS_PER_EVENT) {
            details.put("validation_errors_omitted", errors.size() - MAX_ERRORS_PER_EVENT);
        }
        ConfigEvent event = record(ConfigEventType.VALIDATION_EVENT, preset, operation, valid ? 1.0 : 0.0, details);
        int total;
        int failures;
        lock.lock();
        try {
            recentValidations.add(event.timestamp(), !valid);
            recentValidations.evictBefore(event.timestamp().minus(Duration.ofHours(1)));
            total = recentValidations.size();
            failures = recentValidations.flagged();
        } finally {
            lock.unlock();
        }
        if (!valid && total >= 10 && failures > VALIDATION_FAILURE_THRESHOLD * total) {
            alert(new ConfigAlert(event.timestamp(), ConfigAlert.Level.WARNING, "High Validation Failure Rate",
                    failures + " of " + total + " validations failed in the last hour", preset,
                    ConfigEventType.VALIDATION_EVENT, VALIDATION_FAILURE_THRESHOLD, (double) failures / total));
        }
    }

    private ConfigEvent record(ConfigEventType type, String preset, String operation, double value, Map<String, Object> metadata) {
        ConfigEvent event = new ConfigEvent(time.now(), type, preset == null ? "none" : preset, operation, value, metadata,
                currentSession.get());
        lock.lock();
        try {
            evictExpired();
            events.addLast(event);
            while (events.size() > maxEvents) {
                events.removeFirst();
            }
        } finally {
            lock.unlock();
        }
        return event;
    }

    private void alert(ConfigAlert alert) {
        lock.lock();
        try {
            alerts.addLast(alert);
            while (alerts.size() > maxAlerts) {
                alerts.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    private void evictExpired() {
        Instant cutoff = time.now().minus(retention);
        while (!events.isEmpty() && events.peekFirst().timestamp().isBefore(cutoff)) {
            events.removeFirst();
        }
        while (!alerts.isEmpty() && alerts.peekFirst().timestamp().isBefore(cutoff)) {
            alerts.removeFirst();
        }
    }

    // ---------------------------------------------------------------- queries

    /** Events younger than {@code window} (all retained events for {@code null}), oldest first, optionally of some types. */
    public List<ConfigEvent> events(Duration window, ConfigEventType... types) {
        List<ConfigEventType> wanted = List.of(types);
        lock.lock();
        try {
            evictExpired();
            Instant cutoff = window == null ? Instant.MIN : time.now().minus(window);
            List<ConfigEvent> result = new ArrayList<>();
            for (ConfigEvent event : events) {
                if (!event.timestamp().isBefore(cutoff) && (wanted.isEmpty() || wanted.contains(event.type()))) {
                    result.add(event);
                }
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Groups the events this thread records until {@link Session#close()} under {@code sessionId} (the seed's
     * {@code session_id}), for example one operator's series of runtime updates. Sessions do not nest: the inner
     * one wins until it closes.
     */
    public Session openSession(String sessionId) {
        if (sessionId == null || sessionId.isBlank() || sessionId.length() > 200) {
            throw new IllegalArgumentException("sessionId must be 1 to 200 characters, but was "
                    + (sessionId == null ? "null" : sessionId.length() + " characters"));
        }
        String previous = currentSession.get();
        currentSession.set(sessionId);
        return () -> {
            if (previous == null) {
                currentSession.remove();
            } else {
                currentSession.set(previous);
            }
        };
    }

    /** A session opened by {@link #openSession}; closing it ends the grouping on this thread. */
    public interface Session extends AutoCloseable {
        @Override
        void close();
    }

    /** The retained events recorded in session {@code sessionId}, oldest first (the seed's {@code get_session_metrics}). */
    public List<ConfigEvent> sessionEvents(String sessionId) {
        List<ConfigEvent> result = new ArrayList<>();
        for (ConfigEvent event : events(null)) {
            if (sessionId != null && sessionId.equals(event.sessionId())) {
                result.add(event);
            }
        }
        return result;
    }

    /**
     * The seed's {@code get_preset_usage_trend}: exactly {@code hours} hourly buckets, oldest first, each the start of
     * the hour (UTC) and the number of {@code preset_usage} events of {@code preset} in it; the last bucket is the
     * current hour.
     */
    public List<UsageTrendPoint> presetUsageTrend(String preset, int hours) {
        if (hours < 1 || hours > 720) {
            throw new IllegalArgumentException("hours must be between 1 and 720, but was " + hours);
        }
        Instant currentHour = time.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        Instant first = currentHour.minus(Duration.ofHours(hours - 1L));
        long[] counts = new long[hours];
        for (ConfigEvent event : events(null, ConfigEventType.PRESET_USAGE)) {
            if (event.presetName().equals(preset) && !event.timestamp().isBefore(first)) {
                int bucket = (int) Duration.between(first, event.timestamp()).toHours();
                if (bucket < hours) {
                    counts[bucket]++;
                }
            }
        }
        List<UsageTrendPoint> trend = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) {
            trend.add(new UsageTrendPoint(first.plus(Duration.ofHours(i)), counts[i]));
        }
        return trend;
    }

    /** One hour of a {@linkplain #presetUsageTrend preset usage trend}. */
    public record UsageTrendPoint(
            @com.fasterxml.jackson.annotation.JsonProperty("timestamp")
            @com.fasterxml.jackson.annotation.JsonFormat(shape = com.fasterxml.jackson.annotation.JsonFormat.Shape.STRING)
            Instant timestamp,
            @com.fasterxml.jackson.annotation.JsonProperty("usage_count") long usageCount) {}

    /**
     * The seed's {@code export_metrics}: the events of the last {@code window} ({@code null}: all retained) as a JSON
     * array, or as CSV with a header row (empty text when there are no events).
     *
     * @param format {@code json} or {@code csv}
     * @throws IllegalArgumentException {@code Format must be 'json' or 'csv'} for any other format
     */
    public String export(String format, Duration window) {
        boolean json = "json".equals(format);
        if (!json && !"csv".equals(format)) {
            throw new IllegalArgumentException("Format must be 'json' or 'csv'");
        }
        List<ConfigEvent> selected = events(window);
        List<Map<String, Object>> rows = new ArrayList<>(selected.size());
        for (ConfigEvent event : selected) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("timestamp", event.timestamp().toString());
            row.put("metric_type", event.type().wireName());
            row.put("preset_name", event.presetName());
            row.put("operation", event.operation());
            row.put("value", event.value());
            row.put("metadata", event.metadata());
            row.put("session_id", event.sessionId());
            rows.add(row);
        }
        if (json) {
            return ConfigSchema.toJson(rows);
        }
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder csv = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
        for (Map<String, Object> row : rows) {
            StringBuilder line = new StringBuilder();
            for (Object value : row.values()) {
                if (line.length() > 0) {
                    line.append(',');
                }
                line.append(csvCell(value instanceof Map ? ConfigSchema.toJson(value) : value == null ? "" : String.valueOf(value)));
            }
            csv.append(line).append('\n');
        }
        return csv.toString();
    }

    /** RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never runs a cell. */
    private static String csvCell(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 && !isNumber(value) ? "'" + value : value;
        if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) {
            return safe;
        }
        return '"' + safe.replace("\"", "\"\"") + '"';
    }

    private static boolean isNumber(String value) {
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public int size() {
        lock.lock();
        try {
            evictExpired();
            return events.size();
        } finally {
            lock.unlock();
        }
    }

    private long count(ConfigEventType type, Duration window) {
        return events(window, type).size();
    }

    /** Usage over the last {@code window} ({@code null}: everything retained). */
    public UsageStatistics usageStatistics(Duration window) {
        List<ConfigEvent> all = events(window);
        long loads = 0;
        long errors = 0;
        long changes = 0;
        long validationFailures = 0;
        double loadTime = 0;
        long custom = 0;
        long legacy = 0;
        Map<String, Long> usage = new LinkedHashMap<>();
        for (ConfigEvent event : all) {
            switch (event.type()) {
                case CONFIG_LOAD:
                    loads++;
                    loadTime += event.value();
                    break;
                case CONFIG_ERROR:
                    errors++;
                    break;
                case CONFIG_CHANGE:
                    changes++;
                    break;
                case VALIDATION_EVENT:
                    validationFailures += event.value() == 0.0 ? 1 : 0;
                    break;
                case PRESET_USAGE:
                    usage.merge(event.presetName(), 1L, Long::sum);
                    break;
                default:
                    break;
            }
            Object configType = event.metadata().get("config_type");
            custom += "custom".equals(configType) ? 1 : 0;
            legacy += "legacy".equals(configType) ? 1 : 0;
        }
        String most = usage.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
        String least = usage.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("none");
        double total = Math.max(all.size(), 1);
        return new UsageStatistics(loads, Collections.unmodifiableMap(usage), (double) errors / Math.max(loads, 1),
                loads == 0 ? 0.0 : loadTime / loads, most, least, custom / total, legacy / total, changes, validationFailures);
    }

    /** Load times over the last {@code window}. */
    public LoadPerformance performance(Duration window) {
        List<ConfigEvent> all = events(window, ConfigEventType.CONFIG_LOAD, ConfigEventType.CONFIG_ERROR);
        List<Double> times = new ArrayList<>();
        long errors = 0;
        for (ConfigEvent event : all) {
            if (event.type() == ConfigEventType.CONFIG_LOAD) {
                times.add(event.value());
            } else {
                errors++;
            }
        }
        if (times.isEmpty()) {
            return new LoadPerformance(0, 0, 0, 0, errors, 0);
        }
        Collections.sort(times);
        double sum = times.stream().mapToDouble(Double::doubleValue).sum();
        int p95 = Math.min(times.size() - 1, (int) Math.floor(0.95 * times.size()));
        return new LoadPerformance(sum / times.size(), times.get(0), times.get(times.size() - 1), times.get(p95), errors, times.size());
    }

    /** The newest {@code max} alerts still within retention, oldest first. */
    public List<ConfigAlert> activeAlerts(int max) {
        lock.lock();
        try {
            evictExpired();
            List<ConfigAlert> list = new ArrayList<>(alerts);
            return List.copyOf(list.subList(Math.max(0, list.size() - max), list.size()));
        } finally {
            lock.unlock();
        }
    }

    /** Drops events and alerts older than {@code age}. */
    public void clearOlderThan(Duration age) {
        lock.lock();
        try {
            Instant cutoff = time.now().minus(age);
            events.removeIf(e -> e.timestamp().isBefore(cutoff));
            alerts.removeIf(a -> a.timestamp().isBefore(cutoff));
            recentChanges.evictBefore(cutoff);
            recentValidations.evictBefore(cutoff);
        } finally {
            lock.unlock();
        }
    }

    /** Timestamps of recent events of one kind, oldest first, and how many of them were flagged (failures). */
    private static final class RecentWindow {
        private final Deque<Instant> times = new ArrayDeque<>();
        private final Deque<Boolean> flags = new ArrayDeque<>();
        private final int capacity;
        private int flagged;

        RecentWindow(int capacity) {
            this.capacity = capacity;
        }

        void add(Instant at, boolean flag) {
            times.addLast(at);
            flags.addLast(flag);
            if (flag) {
                flagged++;
            }
            while (times.size() > capacity) {
                removeFirst();
            }
        }

        void evictBefore(Instant cutoff) {
            while (!times.isEmpty() && times.peekFirst().isBefore(cutoff)) {
                removeFirst();
            }
        }

        private void removeFirst() {
            times.removeFirst();
            if (flags.removeFirst()) {
                flagged--;
            }
        }

        int size() {
            return times.size();
        }

        int flagged() {
            return flagged;
        }
    }
}
