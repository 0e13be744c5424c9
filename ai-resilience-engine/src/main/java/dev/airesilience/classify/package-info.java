/** Pluggable failure classification: transient, rate-limited or permanent. */
package dev.airesilience.classify;
