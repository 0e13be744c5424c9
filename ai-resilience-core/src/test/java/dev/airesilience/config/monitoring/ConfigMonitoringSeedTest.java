package dev.airesilience.config.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's configuration monitoring (§3.10, issue 13): sessions, JSON and CSV export, hourly trends. */
class ConfigMonitoringSeedTest {

    private final ManualClock clock = new ManualClock();

    @Test
    @SuppressWarnings("try") // the session is used by being open
    void eventsRecordedInASessionAreGroupedUnderItsId() {
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).build()) {
            ConfigEventLog log = resilience.configEvents();
            resilience.updateConfiguration("{\"retry_attempts\": 4}"); // outside any session
            try (ConfigEventLog.Session session = log.openSession("operator-42")) {
                resilience.updateConfiguration("{\"retry_attempts\": 5}");
                resilience.validate("{\"retry_attempts\": 50}");
            }
            resilience.updateConfiguration("{\"retry_attempts\": 6}");

            List<ConfigEvent> session = log.sessionEvents("operator-42");
            assertThat(session).isNotEmpty().allSatisfy(event -> assertThat(event.sessionId()).isEqualTo("operator-42"));
            assertThat(session).extracting(ConfigEvent::type)
                    .contains(ConfigEventType.CONFIG_CHANGE, ConfigEventType.VALIDATION_EVENT);
            assertThat(log.events(null).size()).isGreaterThan(session.size());
            assertThat(log.sessionEvents("nobody")).isEmpty();
        }
    }

    @Test
    void exportWritesJsonOrCsvAndRefusesOtherFormats() {
        try (AIServiceResilience resilience = AIServiceResilience.builder().clock(clock)
                .settings(ResilienceSettings.builder().preset("simple").customConfig("{\"retry_attempts\": 4}").build()).build()) {
            ConfigEventLog log = resilience.configEvents();

            String json = log.export("json", null);
            assertThat(json).startsWith("[{\"timestamp\":").contains("\"metric_type\":\"preset_usage\"")
                    .contains("\"metric_type\":\"config_load\"");
            String csv = log.export("csv", Duration.ofHours(1));
            List<String> lines = csv.lines().toList();
            assertThat(lines.get(0)).isEqualTo("timestamp,metric_type,preset_name,operation,value,metadata,session_id");
            assertThat(lines).hasSize(log.events(Duration.ofHours(1)).size() + 1);
            assertThat(lines.get(1)).contains(",preset_usage,simple,load_preset,1.0,\"{\"\"config_type\"\":\"\"custom\"\"}\",");
            assertThatThrownBy(() -> log.export("xml", null)).hasMessage("Format must be 'json' or 'csv'");
            assertThat(new ConfigEventLog(clock).export("csv", null)).isEmpty();
            assertThat(new ConfigEventLog(clock).export("json", null)).isEqualTo("[]");
        }
    }

    @Test
    void usageTrendsHaveOneBucketPerHourOldestFirst() {
        ConfigEventLog log = new ConfigEventLog(clock);
        clock.advance(Duration.ofMinutes(30)); // 00:30
        log.recordPresetUsage("production", "load", null);
        clock.advance(Duration.ofHours(2)); // 02:30
        log.recordPresetUsage("production", "load", null);
        log.recordPresetUsage("production", "load", null);
        log.recordPresetUsage("simple", "load", null);

        List<ConfigEventLog.UsageTrendPoint> trend = log.presetUsageTrend("production", 4);

        assertThat(trend).extracting(ConfigEventLog.UsageTrendPoint::usageCount).containsExactly(0L, 1L, 0L, 2L);
        assertThat(trend.get(3).timestamp()).isEqualTo(clock.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
        assertThat(trend.get(0).timestamp()).isEqualTo(trend.get(3).timestamp().minus(Duration.ofHours(3)));
        assertThatThrownBy(() -> log.presetUsageTrend("production", 0)).hasMessageContaining("between 1 and 720");
    }
}
