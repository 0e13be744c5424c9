package dev.airesilience.config;

import static dev.airesilience.internal.Preconditions.checkNotNull;

import java.time.Duration;

/**
 * When an operation's circuit opens and how it recovers. Immutable; validated on construction against the one
 * range table ({@link ConfigKey}).
 *
 * <p>By default ({@link BreakerMode#CONSECUTIVE}) the circuit opens after {@code failureThreshold} consecutive
 * counted failures, as in the seed. {@link BreakerMode#FAILURE_RATE} uses Resilience4j's rule instead: once a sliding
 * window holds {@code minimumNumberOfCalls} outcomes, the circuit opens when their failure rate reaches
 * {@code failureRateThreshold} or their slow-call rate reaches {@code slowCallRateThreshold}. The window settings
 * are ignored in the consecutive mode, {@code failureThreshold} in the rate mode. Either way, half-open admits
 * {@code halfOpenMaxCalls} trials and decides as it always does.
 *
 * @param failureThreshold consecutive counted failures (logical calls that ended transient) that open the
 *     circuit (1–100)
 * @param recoveryTimeout how long the circuit stays open before admitting trial calls (1 ms – 1 h)
 * @param halfOpenMaxCalls trial calls admitted while half-open (1–10)
 * @param countAttempts what an outcome is: {@code false} (the default, as in the seed) counts one outcome per
 *     logical call, after its retries; {@code true} counts every failed attempt, so an outage is detected after
 *     {@code failureThreshold} provider requests instead of that many calls with all their retries. A half-open
 *     trial is one request either way.
 * @param mode what opens the circuit (default {@link BreakerMode#CONSECUTIVE})
 * @param slidingWindowType rate mode: a window of the last calls (default) or of the last seconds
 * @param slidingWindowSize rate mode, count window: the outcomes it holds (1–1000, default 100)
 * @param slidingWindowDuration rate mode, time window: its length, whole seconds (1 s – 600 s, default 60 s)
 * @param minimumNumberOfCalls rate mode: outcomes the window must hold before a rate counts (1–1000, default 100;
 *     a count window never needs more than it holds, as in Resilience4j)
 * @param failureRateThreshold rate mode: the failure rate that opens the circuit, in percent (1–100, default 50)
 * @param slowCallDurationThreshold rate mode: an outcome whose attempt took at least this long is slow
 *     (0–1 h; {@code null}, the default, or zero: no outcome is slow)
 * @param slowCallRateThreshold rate mode: the slow-call rate that opens the circuit, in percent (1–100, default 100)
 * @param recoveryInitialInterval fast outage recovery: the first open period after the circuit opens, each failed
 *     trial multiplying the next by {@code recoveryMultiplier}, never beyond {@code recoveryTimeout} (0–1 h;
 *     {@code null}, the default, or zero: off, every open period is {@code recoveryTimeout}, as in the seed)
 * @param recoveryMultiplier fast outage recovery: growth of the open period per failed trial (1–10, default 2)
 * @param healthProbeInterval how often a registered health probe runs while the circuit is open (1 ms – 1 h,
 *     default 5 s); without a probe it does nothing
 */
public record CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls,
        boolean countAttempts, BreakerMode mode, SlidingWindowType slidingWindowType, int slidingWindowSize,
        Duration slidingWindowDuration, int minimumNumberOfCalls, int failureRateThreshold,
        Duration slowCallDurationThreshold, int slowCallRateThreshold, Duration recoveryInitialInterval,
        double recoveryMultiplier, Duration healthProbeInterval) {

    /** Defaults of the rate mode: Resilience4j's, except a time window of one minute and slow calls off. */
    static final int DEFAULT_WINDOW_SIZE = 100;
    static final Duration DEFAULT_WINDOW_DURATION = Duration.ofSeconds(60); // before DEFAULT, which needs it
    static final int DEFAULT_MINIMUM_CALLS = 100;
    static final int DEFAULT_FAILURE_RATE_THRESHOLD = 50;
    static final int DEFAULT_SLOW_CALL_RATE_THRESHOLD = 100;
    /** Fast recovery: doubling, as most backoffs do; only used once an initial interval is set. */
    static final double DEFAULT_RECOVERY_MULTIPLIER = 2.0;
    static final Duration DEFAULT_HEALTH_PROBE_INTERVAL = Duration.ofSeconds(5);

    /** The seed's {@code CircuitBreakerConfig()} defaults: 5 failures, 60 s, 1 trial call. */
    public static final CircuitBreakerConfig DEFAULT = new CircuitBreakerConfig(5, Duration.ofSeconds(60), 1);

    /** A breaker that counts one outcome per logical call, as the seed's does. */
    public CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls) {
        this(failureThreshold, recoveryTimeout, halfOpenMaxCalls, false);
    }

    /** A breaker that opens on consecutive failures (the rate-mode settings take their defaults). */
    public CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls,
            boolean countAttempts) {
        this(failureThreshold, recoveryTimeout, halfOpenMaxCalls, countAttempts, BreakerMode.CONSECUTIVE,
                SlidingWindowType.COUNT, DEFAULT_WINDOW_SIZE, DEFAULT_WINDOW_DURATION, DEFAULT_MINIMUM_CALLS,
                DEFAULT_FAILURE_RATE_THRESHOLD, null, DEFAULT_SLOW_CALL_RATE_THRESHOLD);
    }

    /** A breaker with a fixed open period ({@code recoveryTimeout}, as in the seed) and the default probe interval. */
    public CircuitBreakerConfig(int failureThreshold, Duration recoveryTimeout, int halfOpenMaxCalls,
            boolean countAttempts, BreakerMode mode, SlidingWindowType slidingWindowType, int slidingWindowSize,
            Duration slidingWindowDuration, int minimumNumberOfCalls, int failureRateThreshold,
            Duration slowCallDurationThreshold, int slowCallRateThreshold) {
        this(failureThreshold, recoveryTimeout, halfOpenMaxCalls, countAttempts, mode, slidingWindowType,
                slidingWindowSize, slidingWindowDuration, minimumNumberOfCalls, failureRateThreshold,
                slowCallDurationThreshold, slowCallRateThreshold, null, DEFAULT_RECOVERY_MULTIPLIER,
                DEFAULT_HEALTH_PROBE_INTERVAL);
    }

    public CircuitBreakerConfig {
        ConfigKey.CIRCUIT_BREAKER_THRESHOLD.check(failureThreshold);
        ConfigKey.RECOVERY_TIMEOUT.check(recoveryTimeout);
        ConfigKey.HALF_OPEN_MAX_CALLS.check(halfOpenMaxCalls);
        checkNotNull("mode", mode);
        checkNotNull("slidingWindowType", slidingWindowType);
        ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_SIZE.check(slidingWindowSize);
        ConfigKey.CIRCUIT_BREAKER_SLIDING_WINDOW_DURATION.check(slidingWindowDuration);
        ConfigKey.CIRCUIT_BREAKER_MINIMUM_CALLS.check(minimumNumberOfCalls);
        ConfigKey.CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD.check(failureRateThreshold);
        if (slowCallDurationThreshold != null) {
            ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_DURATION_THRESHOLD.check(slowCallDurationThreshold);
            if (slowCallDurationThreshold.isZero()) {
                slowCallDurationThreshold = null; // zero means none, as 0 does in JSON
            }
        }
        ConfigKey.CIRCUIT_BREAKER_SLOW_CALL_RATE_THRESHOLD.check(slowCallRateThreshold);
        if (recoveryInitialInterval != null) {
            ConfigKey.RECOVERY_INITIAL_SECONDS.check(recoveryInitialInterval);
            if (recoveryInitialInterval.isZero()) {
                recoveryInitialInterval = null; // zero means off, as 0 does in JSON
            }
        }
        ConfigKey.RECOVERY_MULTIPLIER.check(recoveryMultiplier);
        ConfigKey.HEALTH_PROBE_INTERVAL_SECONDS.check(healthProbeInterval);
    }

    /**
     * Whether open periods grow from {@code recoveryInitialInterval} rather than all lasting {@code recoveryTimeout}:
     * an initial interval at or above the timeout is the seed's fixed period.
     */
    public boolean fastRecovery() {
        return recoveryInitialInterval != null && recoveryInitialInterval.compareTo(recoveryTimeout) < 0;
    }

    /**
     * Outcomes the window must hold before a rate can open the circuit: a count window never needs more than it
     * can hold (Resilience4j's rule), or a large minimum would keep it from ever opening.
     */
    public int effectiveMinimumNumberOfCalls() {
        return slidingWindowType == SlidingWindowType.COUNT
                ? Math.min(minimumNumberOfCalls, slidingWindowSize) : minimumNumberOfCalls;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .failureThreshold(failureThreshold)
                .recoveryTimeout(recoveryTimeout)
                .halfOpenMaxCalls(halfOpenMaxCalls)
                .countAttempts(countAttempts)
                .mode(mode)
                .slidingWindowType(slidingWindowType)
                .slidingWindowSize(slidingWindowSize)
                .slidingWindowDuration(slidingWindowDuration)
                .minimumNumberOfCalls(minimumNumberOfCalls)
                .failureRateThreshold(failureRateThreshold)
                .slowCallDurationThreshold(slowCallDurationThreshold)
                .slowCallRateThreshold(slowCallRateThreshold)
                .recoveryInitialInterval(recoveryInitialInterval)
                .recoveryMultiplier(recoveryMultiplier)
                .healthProbeInterval(healthProbeInterval);
    }

    /** Builds a {@link CircuitBreakerConfig}, starting from {@link #DEFAULT}. */
    public static final class Builder {
        private int failureThreshold = 5;
        private Duration recoveryTimeout = Duration.ofSeconds(60);
        private int halfOpenMaxCalls = 1;
        private boolean countAttempts;
        private BreakerMode mode = BreakerMode.CONSECUTIVE;
        private SlidingWindowType slidingWindowType = SlidingWindowType.COUNT;
        private int slidingWindowSize = DEFAULT_WINDOW_SIZE;
        private Duration slidingWindowDuration = DEFAULT_WINDOW_DURATION;
        private int minimumNumberOfCalls = DEFAULT_MINIMUM_CALLS;
        private int failureRateThreshold = DEFAULT_FAILURE_RATE_THRESHOLD;
        private Duration slowCallDurationThreshold;
        private int slowCallRateThreshold = DEFAULT_SLOW_CALL_RATE_THRESHOLD;
        private Duration recoveryInitialInterval;
        private double recoveryMultiplier = DEFAULT_RECOVERY_MULTIPLIER;
        private Duration healthProbeInterval = DEFAULT_HEALTH_PROBE_INTERVAL;

        private Builder() {}

        public Builder failureThreshold(int failureThreshold) {
            this.failureThreshold = failureThreshold;
            return this;
        }

        public Builder recoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
            return this;
        }

        public Builder halfOpenMaxCalls(int halfOpenMaxCalls) {
            this.halfOpenMaxCalls = halfOpenMaxCalls;
            return this;
        }

        /** Counts every failed attempt ({@code true}) instead of one outcome per logical call (the default). */
        public Builder countAttempts(boolean countAttempts) {
            this.countAttempts = countAttempts;
            return this;
        }

        /** What opens the circuit: consecutive failures (the default) or a rate over a sliding window. */
        public Builder mode(BreakerMode mode) {
            this.mode = mode;
            return this;
        }

        /** Rate mode: a window of the last calls ({@link SlidingWindowType#COUNT}) or of the last seconds. */
        public Builder slidingWindowType(SlidingWindowType slidingWindowType) {
            this.slidingWindowType = slidingWindowType;
            return this;
        }

        /** Rate mode, count window: how many outcomes it holds. */
        public Builder slidingWindowSize(int slidingWindowSize) {
            this.slidingWindowSize = slidingWindowSize;
            return this;
        }

        /** Rate mode, time window: how long it is, in whole seconds. */
        public Builder slidingWindowDuration(Duration slidingWindowDuration) {
            this.slidingWindowDuration = slidingWindowDuration;
            return this;
        }

        /** Rate mode: outcomes the window must hold before a rate can open the circuit. */
        public Builder minimumNumberOfCalls(int minimumNumberOfCalls) {
            this.minimumNumberOfCalls = minimumNumberOfCalls;
            return this;
        }

        /** Rate mode: the failure rate, in percent, that opens the circuit. */
        public Builder failureRateThreshold(int failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
            return this;
        }

        /** Rate mode: an outcome whose attempt took at least this long is slow; {@code null} or zero: none is. */
        public Builder slowCallDurationThreshold(Duration slowCallDurationThreshold) {
            this.slowCallDurationThreshold = slowCallDurationThreshold;
            return this;
        }

        /** Rate mode: the slow-call rate, in percent, that opens the circuit. */
        public Builder slowCallRateThreshold(int slowCallRateThreshold) {
            this.slowCallRateThreshold = slowCallRateThreshold;
            return this;
        }

        /**
         * Fast outage recovery: the first open period; each failed trial multiplies the next by
         * {@link #recoveryMultiplier}, up to {@link #recoveryTimeout}. {@code null} or zero: off (the seed's fixed
         * period).
         */
        public Builder recoveryInitialInterval(Duration recoveryInitialInterval) {
            this.recoveryInitialInterval = recoveryInitialInterval;
            return this;
        }

        /** Fast outage recovery: how much each failed trial lengthens the next open period. */
        public Builder recoveryMultiplier(double recoveryMultiplier) {
            this.recoveryMultiplier = recoveryMultiplier;
            return this;
        }

        /** How often a registered health probe runs while the circuit is open. */
        public Builder healthProbeInterval(Duration healthProbeInterval) {
            this.healthProbeInterval = healthProbeInterval;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the field, its range and the value, if any field is out of range
         * @throws NullPointerException if {@code recoveryTimeout}, {@code mode}, {@code slidingWindowType},
         *     {@code slidingWindowDuration} or {@code healthProbeInterval} is {@code null}
         */
        public CircuitBreakerConfig build() {
            return new CircuitBreakerConfig(failureThreshold, recoveryTimeout, halfOpenMaxCalls, countAttempts, mode,
                    slidingWindowType, slidingWindowSize, slidingWindowDuration, minimumNumberOfCalls,
                    failureRateThreshold, slowCallDurationThreshold, slowCallRateThreshold, recoveryInitialInterval,
                    recoveryMultiplier, healthProbeInterval);
        }
    }
}
