package dev.airesilience.config;

/**
 * A provider's quota for one target, kept on our side so that calls stay under it instead of discovering it through
 * 429s: requests per minute (RPM) and tokens per minute (TPM), each a token bucket that refills continuously (a
 * rolling minute, not a fixed one). A call reserves one request and its estimated tokens before its attempt, and the
 * tokens are reconciled with the usage the response reports. 0 means no limit of that kind.
 *
 * @param requestsPerMinute requests per minute, 0 to {@value #MAX_REQUESTS_PER_MINUTE}; 0: no limit
 * @param tokensPerMinute tokens per minute, 0 to {@value #MAX_TOKENS_PER_MINUTE}; 0: no limit
 */
public record QuotaConfig(long requestsPerMinute, long tokensPerMinute) {

    public static final long MAX_REQUESTS_PER_MINUTE = 10_000_000L;
    public static final long MAX_TOKENS_PER_MINUTE = 10_000_000_000L;

    /** No quota: calls are not limited locally. */
    public static final QuotaConfig NONE = new QuotaConfig(0, 0);

    public QuotaConfig {
        check("QuotaConfig.requestsPerMinute", requestsPerMinute, MAX_REQUESTS_PER_MINUTE);
        check("QuotaConfig.tokensPerMinute", tokensPerMinute, MAX_TOKENS_PER_MINUTE);
    }

    /** At most {@code requests} requests per minute. */
    public static QuotaConfig requestsPerMinute(long requests) {
        return new QuotaConfig(requests, 0);
    }

    /** At most {@code tokens} tokens per minute. */
    public static QuotaConfig tokensPerMinute(long tokens) {
        return new QuotaConfig(0, tokens);
    }

    /** This quota with at most {@code requests} requests per minute too. */
    public QuotaConfig withRequestsPerMinute(long requests) {
        return new QuotaConfig(requests, tokensPerMinute);
    }

    /** This quota with at most {@code tokens} tokens per minute too. */
    public QuotaConfig withTokensPerMinute(long tokens) {
        return new QuotaConfig(requestsPerMinute, tokens);
    }

    /** Whether any limit is set. */
    public boolean limited() {
        return requestsPerMinute > 0 || tokensPerMinute > 0;
    }

    private static void check(String field, long value, long max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be between 0 and " + max + " (inclusive; 0: no limit),"
                    + " but was " + value);
        }
    }
}
