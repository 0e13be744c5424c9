/**
 * ai-resilience core: the orchestrator of the seed ({@link dev.airesilience.AIServiceResilience}), decorators,
 * {@code @Resilient} methods and streams over the engine ({@code dev.airesilience.engine}), and the configuration
 * layer: JSON documents, environment variables, presets, templates and monitoring. The configuration machinery
 * ({@code config.internal}) is not exported.
 */
module dev.airesilience.core {
    // The engine's API (configuration records, events, metrics, exceptions...) is this module's API too.
    requires transitive dev.airesilience.engine;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires static com.fasterxml.jackson.annotation;
    // Optional: only for @Resilient methods that return Mono or Flux, and ReactorStreams.
    requires static transitive reactor.core;
    requires static transitive org.reactivestreams;

    exports dev.airesilience;
    exports dev.airesilience.annotation;
    exports dev.airesilience.settings;
    exports dev.airesilience.config.monitoring;
    exports dev.airesilience.config.validation;
    exports dev.airesilience.streaming;

}
