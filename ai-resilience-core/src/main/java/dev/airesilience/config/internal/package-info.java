/**
 * Implementation of the configuration system over the key schema ({@code config.schema}): layered resolution
 * (preset &lt; legacy &lt; custom &lt; runtime) and the manager that applies updates atomically and watches files.
 * Not part of the public API.
 */
package dev.airesilience.config.internal;
