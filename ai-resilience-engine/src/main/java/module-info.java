/**
 * ai-resilience engine: the pipeline of stages a logical call runs through (rate-limit cooldown, circuit breaker,
 * retry), its two drivers, the configuration records and their one range table, classification, fallbacks, events,
 * metrics and health. It depends on SLF4J, Resilience4j's breaker and Bucket4j's core (token buckets) only: JSON documents, presets, templates and
 * monitoring are {@code dev.airesilience.core}'s. The engine's own packages are exported to that module only.
 */
module dev.airesilience.engine {
    // In the API: decorators hand out Resilience4j breakers and registries, so users need them too.
    requires transitive io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    // The quota stage's token buckets (requests and tokens per minute); Bucket4j's core has no dependencies.
    requires io.github.bucket4j.core;
    // AIExceptions.fromHttpResponse takes java.net.http headers.
    requires transitive java.net.http;
    requires org.slf4j;
    // Compile time only: the JSON names of the report records.
    requires static com.fasterxml.jackson.annotation;

    exports dev.airesilience.classify;
    exports dev.airesilience.config;
    exports dev.airesilience.context;
    exports dev.airesilience.event;
    exports dev.airesilience.exception;
    exports dev.airesilience.fallback;
    exports dev.airesilience.health;
    exports dev.airesilience.metrics;
    exports dev.airesilience.quota;
    exports dev.airesilience.routing;
    exports dev.airesilience.shared;
    exports dev.airesilience.time;

    // The machinery, for the orchestrator and its configuration layer only.
    exports dev.airesilience.engine to dev.airesilience.core;
    exports dev.airesilience.internal to dev.airesilience.core;

    uses dev.airesilience.classify.FailureClassifierProvider;
}
