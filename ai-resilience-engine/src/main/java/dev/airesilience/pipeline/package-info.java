/**
 * The pipeline a logical call runs through: the {@link dev.airesilience.pipeline.CallStage} contract that every
 * concern (cooldown, breaker, retry, and the stages to come) implements, and the view of the call a stage gets. Not
 * exported: the stages are the engine's own.
 */
package dev.airesilience.pipeline;
