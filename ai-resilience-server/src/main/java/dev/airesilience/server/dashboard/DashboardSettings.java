package dev.airesilience.server.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dashboard's own settings ({@code airesilience.dashboard.*}).
 *
 * @param window the rolling window of the success rate and requests/s (default 60 s)
 * @param sampleInterval how often the core's counters are sampled (default 1 s)
 * @param history how far back the charts reach (default 5 min); at least the window
 * @param timelineSize how many transitions and rejection runs the timeline keeps (default 200)
 */
@ConfigurationProperties("airesilience.dashboard")
public record DashboardSettings(Duration window, Duration sampleInterval, Duration history, Integer timelineSize) {

    public DashboardSettings {
        window = window == null ? Duration.ofSeconds(60) : window;
        sampleInterval = sampleInterval == null ? Duration.ofSeconds(1) : sampleInterval;
        history = history == null ? Duration.ofMinutes(5) : history;
        timelineSize = timelineSize == null ? 200 : timelineSize;
        requireBetween("sample-interval", sampleInterval, Duration.ofMillis(100), Duration.ofSeconds(60));
        requireBetween("window", window, Duration.ofSeconds(1), Duration.ofHours(1));
        requireBetween("history", history, window, Duration.ofHours(6));
        if (window.compareTo(sampleInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("airesilience.dashboard.window must be at least twice the sample-interval ("
                    + sampleInterval.multipliedBy(2) + "), got " + window);
        }
        if (timelineSize < 10 || timelineSize > 10_000) {
            throw new IllegalArgumentException(
                    "airesilience.dashboard.timeline-size must be between 10 and 10000, got " + timelineSize);
        }
    }

    /** How many samples the history holds, one more than the intervals it spans. */
    int samples() {
        return (int) Math.min(100_000, history.toNanos() / sampleInterval.toNanos() + 1);
    }

    private static void requireBetween(String field, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("airesilience.dashboard." + field + " must be between " + min + " and "
                    + max + ", got " + value);
        }
    }
}
