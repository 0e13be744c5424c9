package dev.airesilience.config;

import java.time.Duration;

/**
 * Adaptive client-side throttling (Google SRE book, "Handling Overload"): over a sliding window the operation counts
 * the attempts it made ({@code requests}) and those the provider accepted ({@code accepts}: a success or a permanent
 * error; a transient failure, a timeout or a 429/503/529 is not), and rejects an attempt locally with probability
 * {@code max(0, (requests - k * accepts) / (requests + 1))}. Off by default: it changes what calls do.
 *
 * @param enabled whether the operation throttles itself
 * @param k how many requests per accept the provider may see before local rejection starts: 2 as the SRE book
 *     suggests; lower is more aggressive. Between 1 and 10.
 * @param window how far back requests and accepts are counted, in whole seconds (1 s buckets): 120 s, the book's
 *     two minutes, long enough to see an outage and short enough to forget it. Between 1 s and 600 s.
 */
public record ThrottleConfig(boolean enabled, double k, Duration window) {

    /** Off; K = 2 over 120 s when enabled. */
    public static final ThrottleConfig DEFAULT = new ThrottleConfig(false, 2.0, Duration.ofSeconds(120));

    public ThrottleConfig {
        ConfigKey.THROTTLE_K.check(k);
        ConfigKey.THROTTLE_WINDOW_SECONDS.check(window);
    }

    /** This configuration enabled (or not), same K and window. */
    public ThrottleConfig withEnabled(boolean enabled) {
        return new ThrottleConfig(enabled, k, window);
    }

    /** Enabled with K = 2 over 120 s. */
    public static ThrottleConfig enabledDefaults() {
        return DEFAULT.withEnabled(true);
    }
}
