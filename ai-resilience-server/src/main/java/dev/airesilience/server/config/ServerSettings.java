package dev.airesilience.server.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own settings ({@code airesilience.server.*}); the orchestrator's settings live elsewhere.
 *
 * @param maxTextLength longest accepted {@code text}, in characters
 * @param maxBatchSize most items in one batch request
 * @param batchConcurrency items of one batch processed at the same time
 * @param maxBodyBytes largest accepted JSON request body
 * @param attemptTimeout timeout of one HTTP attempt to the provider
 * @param bodyReadTimeout the longest a client may take to send a request body; then 408
 * @param chaos the simulated provider's initial misbehaviour
 * @param publicHealth whether actuator health answers without a key (probes); details need one either way
 * @param publicMetrics whether {@code /actuator/prometheus} answers without a key
 * @param echoProviderErrors whether API answers quote the provider's (redacted) error text; by default they give
 *        only its HTTP status
 * @param maxConcurrentCalls text requests in progress at once (each waits without a thread); more are refused with
 *        503 and {@code Retry-After}
 */
@ConfigurationProperties("airesilience.server")
public record ServerSettings(
        Integer maxTextLength,
        Integer maxBatchSize,
        Integer batchConcurrency,
        Integer maxBodyBytes,
        Duration attemptTimeout,
        Duration bodyReadTimeout,
        Chaos chaos,
        Boolean publicHealth,
        Boolean publicMetrics,
        Boolean echoProviderErrors,
        Integer maxConcurrentCalls) {

    public ServerSettings {
        maxTextLength = maxTextLength == null ? 10_000 : maxTextLength;
        maxBatchSize = maxBatchSize == null ? 50 : maxBatchSize;
        batchConcurrency = batchConcurrency == null ? 5 : batchConcurrency;
        maxBodyBytes = maxBodyBytes == null ? 1_048_576 : maxBodyBytes;
        attemptTimeout = attemptTimeout == null ? Duration.ofSeconds(30) : attemptTimeout;
        bodyReadTimeout = bodyReadTimeout == null ? Duration.ofSeconds(10) : bodyReadTimeout;
        chaos = chaos == null ? new Chaos(null, null, null, null, null) : chaos;
        publicHealth = publicHealth == null || publicHealth;
        publicMetrics = publicMetrics == null || publicMetrics;
        echoProviderErrors = echoProviderErrors != null && echoProviderErrors;
        maxConcurrentCalls = maxConcurrentCalls == null ? 10_000 : maxConcurrentCalls;
        require("max-text-length", maxTextLength, 1, 1_000_000);
        require("max-batch-size", maxBatchSize, 1, 1_000);
        require("batch-concurrency", batchConcurrency, 1, 64);
        require("max-body-bytes", maxBodyBytes, 1_024, 64 * 1_048_576);
        require("max-concurrent-calls", maxConcurrentCalls, 1, 1_000_000);
        if (bodyReadTimeout.toMillis() < 100 || bodyReadTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("airesilience.server.body-read-timeout must be between 100ms and 10m, "
                    + "got " + bodyReadTimeout);
        }
    }

    /** Initial chaos of the simulated provider; see {@link dev.airesilience.server.simulator.ChaosSettings}. */
    public record Chaos(Double errorRate, Integer retryAfterSeconds, Integer latencyMs, Integer requestsPerSecond,
            Long seed) {}

    static void require(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("airesilience.server." + field + " must be between " + min + " and "
                    + max + ", got " + value);
        }
    }
}
