/**
 * Token-aware quotas (requests and tokens per minute): estimating a request's tokens before it goes, the usage a
 * response reports after, and the providers' rate-limit headers. The limits themselves are
 * {@link dev.airesilience.config.QuotaConfig}, per target of a route.
 */
package dev.airesilience.quota;
