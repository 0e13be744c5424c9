package dev.airesilience.quota;

/**
 * What a target's quota has left now, as our side counts it (reconciled with the provider's headers when they come).
 *
 * @param requests requests left in the rolling minute, or -1 when the quota does not limit requests
 * @param tokens tokens left, or -1 when the quota does not limit tokens (negative while a debt is being repaid is
 *     shown as 0)
 */
public record QuotaRemaining(long requests, long tokens) {}
