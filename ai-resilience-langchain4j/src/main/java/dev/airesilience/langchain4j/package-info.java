/**
 * LangChain4j 1.x with the orchestrator: {@link dev.airesilience.langchain4j.ResilientChatModel} and
 * {@link dev.airesilience.langchain4j.ResilientStreamingChatModel} (decorators, AI Services keep working),
 * {@link dev.airesilience.langchain4j.LangChain4jFailureClassifier} (registered through the core's classifier SPI)
 * and {@link dev.airesilience.langchain4j.HeaderKeepingHttpClientBuilder} (an HTTP client that keeps the error
 * response headers LangChain4j drops, so {@code Retry-After} is honoured).
 */
package dev.airesilience.langchain4j;
