/**
 * Validation of configuration documents: every problem at once, each with its JSON path, the allowed range and
 * the value received ({@link dev.airesilience.config.validation.InvalidConfigurationException}), plus the
 * side-effect-free {@link dev.airesilience.config.validation.ValidationResult}.
 */
package dev.airesilience.config.validation;
