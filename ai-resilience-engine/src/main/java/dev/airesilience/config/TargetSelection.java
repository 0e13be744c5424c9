package dev.airesilience.config;

/** How a routed call picks the order in which it tries its targets. */
public enum TargetSelection {
    /** In the order configured: the first is the primary, the others take over when it cannot answer. */
    ORDERED,
    /**
     * Each call draws its order at random, in proportion to the targets' weights (a target of weight 3 comes first
     * three times as often as one of weight 1); the ones not drawn first still take over, in weighted order.
     */
    WEIGHTED
}
