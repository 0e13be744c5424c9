/**
 * The OpenAI Java SDK ({@code com.openai:openai-java}) with the orchestrator: {@link dev.airesilience.openai.OpenAiFailureClassifier}
 * (registered through {@link dev.airesilience.classify.FailureClassifierProvider}, so the default classifier
 * knows the SDK's exceptions without user code), {@link dev.airesilience.openai.OpenAiClients} (no-retry clients,
 * the double-retry warning) and {@link dev.airesilience.openai.ResilientClient}.
 */
package dev.airesilience.openai;
