/**
 * The AI failure hierarchy ({@link dev.airesilience.exception.AIServiceException} and its transient and
 * permanent branches) and {@link dev.airesilience.exception.AIExceptions}, which builds the right one from an
 * HTTP response.
 */
package dev.airesilience.exception;
