/**
 * The Anthropic Java SDK ({@code com.anthropic:anthropic-java}) with the orchestrator: the classifier of its
 * exceptions (registered through {@link dev.airesilience.classify.FailureClassifierProvider}) and
 * {@link dev.airesilience.anthropic.AnthropicClients}.
 */
package dev.airesilience.anthropic;
