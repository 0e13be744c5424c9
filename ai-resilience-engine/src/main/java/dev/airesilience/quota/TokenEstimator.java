package dev.airesilience.quota;

/**
 * Estimates the tokens a prompt counts before it is sent, for the tokens-per-minute quota. The estimate is reserved
 * before the call and reconciled with the usage the response reports, so it needs to be close, not exact; a
 * tokenizer (jtokkit, the provider's own) can be plugged in instead of {@link #APPROXIMATE}.
 */
@FunctionalInterface
public interface TokenEstimator {

    /** About four characters per token, the providers' rule of thumb for English text. */
    TokenEstimator APPROXIMATE = prompt -> prompt == null ? 0 : (prompt.length() + 3) / 4;

    /** The tokens {@code prompt} counts. */
    long estimate(String prompt);

    /** What a request reserves: its prompt's tokens plus the completion tokens it allows ({@code max_tokens}). */
    default long estimate(String prompt, long maxTokens) {
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be 0 or more, but was " + maxTokens);
        }
        return estimate(prompt) + maxTokens;
    }
}
