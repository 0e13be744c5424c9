/**
 * Spring Boot 4 auto-configuration: the {@code AIServiceResilience} bean from {@code ai.resilience.*} properties,
 * {@code @Resilient} on bean methods, and the optional health, endpoint and Micrometer integrations.
 */
package dev.airesilience.spring.boot;
