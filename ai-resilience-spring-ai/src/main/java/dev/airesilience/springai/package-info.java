/**
 * Spring AI 2.x with the orchestrator: {@link dev.airesilience.springai.ResilienceAdvisor} (a {@code ChatClient}
 * advisor for calls and streams), its auto-configuration, and classifiers for spring-ai-retry's and Spring's HTTP
 * exceptions (registered through the core's classifier SPI; the OpenAI SDK exceptions of {@code OpenAiChatModel}
 * are classified by {@code ai-resilience-openai}).
 */
package dev.airesilience.springai;
