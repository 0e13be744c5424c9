/**
 * State shared between the instances of a service ({@link dev.airesilience.shared.SharedState}); the Redis module
 * ({@code ai-resilience-redis}) provides the shared implementation.
 */
package dev.airesilience.shared;
