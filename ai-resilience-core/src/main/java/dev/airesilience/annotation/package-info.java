/**
 * {@link dev.airesilience.annotation.Resilient @Resilient} and the framework-neutral machinery behind it:
 * {@link dev.airesilience.annotation.ResilientMethods} finds and validates annotated methods and their fallbacks,
 * {@link dev.airesilience.annotation.ResilientMethod} runs one invocation through the orchestrator, and
 * {@link dev.airesilience.annotation.ResilientProxy} applies both to an interface without any framework.
 * The Spring Boot starter reuses the first two, so both front ends behave the same.
 */
package dev.airesilience.annotation;
