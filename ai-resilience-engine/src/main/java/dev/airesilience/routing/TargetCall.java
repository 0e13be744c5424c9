package dev.airesilience.routing;

import dev.airesilience.quota.Usage;

/** One request of a routed call to one of its targets: which target, and where to report what the response used. */
public interface TargetCall {

    /** The target's name, as its route names it (a provider and model, typically). */
    String name();

    /**
     * Reports what the response used (its tokens, its rate-limit headers), so the target's quota is reconciled with
     * it; call it before returning the answer (or completing its future). Without a report the estimate stands.
     */
    void reportUsage(Usage usage);
}
