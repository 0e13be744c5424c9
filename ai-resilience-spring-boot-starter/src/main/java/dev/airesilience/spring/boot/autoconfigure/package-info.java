/**
 * Spring Boot 4 auto-configuration: the {@code AIServiceResilience} bean from {@code ai.resilience.*} properties,
 * {@code @Resilient} on bean methods, and the optional health, endpoint, Micrometer, Observation and Redis
 * integrations. Listed in {@code AutoConfiguration.imports}; name these classes only to exclude or order them.
 */
package dev.airesilience.spring.boot.autoconfigure;
