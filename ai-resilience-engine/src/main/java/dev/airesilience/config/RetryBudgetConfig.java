package dev.airesilience.config;

/**
 * A retry budget per operation, as gRPC's retry throttling: a bucket of {@code maxTokens} tokens, full at the
 * start; every transient or rate-limited failed attempt takes one token, every success gives back
 * {@code tokenRatio}; a call may retry only while more than half the bucket is left. During an outage the retries
 * stop after a bounded number of failures, and come back as successes refill the bucket. Off by default: it changes
 * what calls do.
 *
 * @param enabled whether the operation's retries draw on the budget
 * @param maxTokens the size of the bucket: 10 (gRPC's examples); between 1 and 1000 (gRPC's range)
 * @param tokenRatio tokens a success gives back: 0.1, so ten successes pay for one failure; between 0.001 and 1,
 *     kept to three decimals as gRPC does
 */
public record RetryBudgetConfig(boolean enabled, int maxTokens, double tokenRatio) {

    /** Off; 10 tokens, 0.1 per success when enabled. */
    public static final RetryBudgetConfig DEFAULT = new RetryBudgetConfig(false, 10, 0.1);

    public RetryBudgetConfig {
        ConfigKey.RETRY_BUDGET_MAX_TOKENS.check(maxTokens);
        ConfigKey.RETRY_BUDGET_TOKEN_RATIO.check(tokenRatio);
    }

    /** This configuration enabled (or not), same bucket. */
    public RetryBudgetConfig withEnabled(boolean enabled) {
        return new RetryBudgetConfig(enabled, maxTokens, tokenRatio);
    }

    /** Enabled with 10 tokens and 0.1 per success. */
    public static RetryBudgetConfig enabledDefaults() {
        return DEFAULT.withEnabled(true);
    }
}
