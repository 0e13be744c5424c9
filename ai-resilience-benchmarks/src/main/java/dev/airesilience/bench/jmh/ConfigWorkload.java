package dev.airesilience.bench.jmh;

/**
 * The configuration work the seed times against its thresholds (§8 of seed-behaviour.md). One implementation
 * per configuration API, so that {@link ConfigBenchmark} can be pointed at the preset/validation/update API
 * that is being written without touching the benchmark itself.
 */
interface ConfigWorkload {

    /** Seed {@code preset_loading}: fetch the three presets (threshold 10 ms). */
    Object loadPresets();

    /** Seed {@code settings_initialization} / {@code resilience_config_loading}: build and validate three configurations (100 ms). */
    Object buildConfigs();

    /** Seed {@code validation_performance}: validate three JSON configurations, one of them invalid (50 ms). */
    Object validateJson();

    /** A runtime configuration update, swapped in atomically (seed CONFIG_LOADING, 100 ms). */
    Object updateAtRuntime();
}
