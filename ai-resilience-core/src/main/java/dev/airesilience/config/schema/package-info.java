/**
 * The configuration's key schema: the one range table for JSON, Java and properties ({@link
 * dev.airesilience.config.ConfigKey}), the validator with Jackson's read limits, and the validated layer of keys it
 * produces. It depends on no other part of the configuration system, so the public settings, monitoring and the
 * resolution machinery ({@code config.internal}) can all build on it. Not part of the public API.
 */
package dev.airesilience.config.schema;
