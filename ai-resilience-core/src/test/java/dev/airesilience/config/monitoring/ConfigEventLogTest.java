package dev.airesilience.config.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConfigEventLogTest {

    private final ManualClock clock = new ManualClock();
    private final ConfigEventLog log = new ConfigEventLog(clock);

    @Test
    void loads_record_their_duration_and_a_slow_load_raises_a_warning() {
        log.recordConfigLoad("simple", "load_config", 5.0, Map.of());
        log.recordConfigLoad("production", "load_config", 150.0, Map.of());
        List<ConfigAlert> alerts = log.activeAlerts(50);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).level()).isEqualTo(ConfigAlert.Level.WARNING);
        assertThat(alerts.get(0).title()).isEqualTo("Slow Configuration Load: production");
        assertThat(alerts.get(0).actualValue()).isEqualTo(150.0);
        assertThat(alerts.get(0).thresholdValue()).isEqualTo(100.0);
    }

    @Test
    void errors_always_raise_an_error_alert_and_count_toward_the_error_rate() {
        log.recordConfigLoad("simple", "load_config", 1.0, Map.of());
        log.recordConfigLoad("simple", "load_config", 1.0, Map.of());
        log.recordConfigError("simple", "parse_custom_config", "bad JSON", Map.of());
        assertThat(log.activeAlerts(50)).singleElement().satisfies(alert -> {
            assertThat(alert.level()).isEqualTo(ConfigAlert.Level.ERROR);
            assertThat(alert.description()).isEqualTo("Error in parse_custom_config: bad JSON");
        });
        assertThat(log.usageStatistics(null).errorRate()).isEqualTo(0.5);
        assertThat(log.events(null, ConfigEventType.CONFIG_ERROR).get(0).metadata()).containsEntry("error_message", "bad JSON");
    }

    @Test
    void usage_statistics_count_presets_and_config_types_within_the_window() {
        log.recordPresetUsage("simple", "load_preset", Map.of("config_type", "preset"));
        clock.advance(Duration.ofHours(2));
        log.recordPresetUsage("production", "load_preset", Map.of("config_type", "custom"));
        log.recordPresetUsage("production", "load_preset", Map.of("config_type", "legacy"));
        UsageStatistics all = log.usageStatistics(null);
        assertThat(all.presetUsageCount()).containsExactly(Map.entry("simple", 1L), Map.entry("production", 2L));
        assertThat(all.mostUsedPreset()).isEqualTo("production");
        assertThat(all.leastUsedPreset()).isEqualTo("simple");
        assertThat(all.customConfigUsageRate()).isEqualTo(1.0 / 3);
        assertThat(all.legacyConfigUsageRate()).isEqualTo(1.0 / 3);
        assertThat(log.usageStatistics(Duration.ofHours(1)).presetUsageCount()).containsOnlyKeys("production");
        assertThat(new ConfigEventLog(clock).usageStatistics(null).mostUsedPreset()).isEqualTo("none");
    }

    @Test
    void p95_load_time_is_the_element_at_floor_of_095_n_of_the_sorted_times() {
        for (int i = 20; i >= 1; i--) {
            log.recordConfigLoad("simple", "load_config", i, Map.of());
        }
        LoadPerformance performance = log.performance(null);
        assertThat(performance.totalSamples()).isEqualTo(20);
        assertThat(performance.p95LoadTimeMs()).isEqualTo(20.0); // index floor(19.0) = 19 of 1..20
        assertThat(performance.minLoadTimeMs()).isEqualTo(1.0);
        assertThat(performance.maxLoadTimeMs()).isEqualTo(20.0);
        assertThat(performance.avgLoadTimeMs()).isEqualTo(10.5);
        assertThat(new ConfigEventLog(clock).performance(null)).isEqualTo(new LoadPerformance(0, 0, 0, 0, 0, 0));
    }

    @Test
    void retention_drops_events_and_alerts_older_than_24_hours() {
        log.recordConfigError("simple", "load", "old", Map.of());
        clock.advance(Duration.ofHours(23));
        log.recordPresetUsage("simple", "load", Map.of());
        clock.advance(Duration.ofHours(2));
        assertThat(log.size()).isEqualTo(1);
        assertThat(log.activeAlerts(50)).isEmpty();
    }

    @Test
    void memory_stays_bounded_at_ten_thousand_events_even_under_concurrent_recording() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 3_000; i++) {
                        log.recordPresetUsage("simple", "load", Map.of());
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(log.size()).isEqualTo(10_000);
        assertThat(log.usageStatistics(null).presetUsageCount()).containsEntry("simple", 10_000L);
    }

    @Test
    void changes_carry_their_diff_and_too_many_changes_in_an_hour_raise_a_warning() {
        for (int i = 0; i < 11; i++) {
            log.recordConfigChange("simple", "simple", "update", Map.of("retry_attempts", Map.of("old", i, "new", i + 1)));
        }
        assertThat(log.events(null, ConfigEventType.CONFIG_CHANGE).get(0).metadata().get("changes"))
                .isEqualTo(Map.of("retry_attempts", Map.of("old", 0, "new", 1)));
        assertThat(log.activeAlerts(50)).extracting(ConfigAlert::title).containsExactly("Frequent Configuration Changes");
    }

    @Test
    void construction_rejects_bad_bounds_naming_the_value() {
        assertThatThrownBy(() -> new ConfigEventLog(clock, 5, Duration.ofHours(1)))
                .hasMessage("maxEvents must be between 10 and 1000000 (inclusive), but was 5");
    }
}
