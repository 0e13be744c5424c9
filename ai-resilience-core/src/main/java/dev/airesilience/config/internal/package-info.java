/**
 * Implementation of the configuration system: the key schema and its validator (with Jackson's read limits),
 * layered resolution (preset &lt; legacy &lt; custom &lt; runtime), and the manager that applies updates atomically
 * and watches files. Not part of the public API.
 */
package dev.airesilience.config.internal;
