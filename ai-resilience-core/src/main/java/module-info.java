/**
 * ai-resilience core: the orchestrator ({@link dev.airesilience.AIServiceResilience}), its configuration,
 * classification, fallbacks, events, metrics and health. Only the API packages are exported. The engine is not: the
 * pipeline a call runs through ({@code pipeline}), its stages ({@code ratelimit}, {@code circuit}, {@code retry}),
 * the orchestrator's machinery ({@code engine}), shared infrastructure ({@code internal}) and the configuration
 * machinery ({@code config.internal}).
 */
module dev.airesilience.core {
    // In the API: decorators hand out Resilience4j breakers and registries, so users need them too.
    requires transitive io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.core;
    // AIExceptions.fromHttpResponse takes java.net.http headers.
    requires transitive java.net.http;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires static com.fasterxml.jackson.annotation;
    // Optional: only for @Resilient methods that return Mono or Flux, and ReactorStreams.
    requires static transitive reactor.core;
    requires static transitive org.reactivestreams;

    exports dev.airesilience;
    exports dev.airesilience.annotation;
    exports dev.airesilience.classify;
    exports dev.airesilience.config;
    exports dev.airesilience.settings;
    exports dev.airesilience.config.monitoring;
    exports dev.airesilience.config.validation;
    exports dev.airesilience.context;
    exports dev.airesilience.event;
    exports dev.airesilience.exception;
    exports dev.airesilience.fallback;
    exports dev.airesilience.health;
    exports dev.airesilience.metrics;
    exports dev.airesilience.streaming;
    exports dev.airesilience.time;

    uses dev.airesilience.classify.FailureClassifierProvider;
}
