package dev.airesilience.config;

import dev.airesilience.internal.OperationNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The targets a routed operation's calls go to: typically one provider and model each (LiteLLM's deployments). A
 * call tries them in turn within its one time budget: a transient failure, an open breaker or a cooldown moves it
 * to the next target at once; a permanent error ends it, except for the two error-specific routes. Every target has
 * its own breaker, cooldown and metrics, shared by all the operations that route to it.
 *
 * @param targets the targets, in order of preference (weights count only with {@link TargetSelection#WEIGHTED});
 *     1 to {@value #MAX_TARGETS}, names unique
 * @param selection ordered (the first is the primary) or weighted
 * @param contextLengthTarget where a request goes that a target refused for its context length
 *     ({@code context_length_exceeded}, Anthropic's "prompt is too long"): a target with a larger context window;
 *     {@code null}: such an error ends the call, as any permanent error does
 * @param contentPolicyTarget where a request goes that a target refused under its content policy; {@code null}: such
 *     an error ends the call
 */
public record RoutingConfig(List<Target> targets, TargetSelection selection, String contextLengthTarget,
        String contentPolicyTarget) {

    /** Targets a route may have at most. */
    public static final int MAX_TARGETS = 16;
    /** The longest target name: an operation name ({@code target:<name>}) has at most 200 characters. */
    public static final int MAX_NAME_LENGTH = 190;
    /** The largest weight of a target. */
    public static final int MAX_WEIGHT = 1000;

    /**
     * One target of a route.
     *
     * @param name the target's name, passed to the call's function; its state (breaker, cooldown, quota, metrics)
     *     is kept under the operation name {@code target:<name>}. 1 to 190 characters, no control characters.
     * @param weight how often the target comes first under {@link TargetSelection#WEIGHTED}: 1 to
     *     {@value RoutingConfig#MAX_WEIGHT}; 1 by default
     * @param quota the target's requests and tokens per minute, kept on our side; {@link QuotaConfig#NONE} by default
     */
    public record Target(String name, int weight, QuotaConfig quota) {

        /** The prefix of the operation names under which targets keep their state. */
        public static final String OPERATION_PREFIX = "target:";

        public Target {
            checkName("RoutingConfig.targets[].name", name);
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("RoutingConfig.targets[].weight of target '" + name
                        + "' must be between 1 and " + MAX_WEIGHT + " (inclusive), but was " + weight);
            }
            Objects.requireNonNull(quota, "RoutingConfig.targets[].quota must not be null (QuotaConfig.NONE: none)");
        }

        /** A target without a quota. */
        public Target(String name, int weight) {
            this(name, weight, QuotaConfig.NONE);
        }

        /** The operation under which this target keeps its breaker, cooldown and metrics. */
        public String operationName() {
            return OPERATION_PREFIX + name;
        }
    }

    public RoutingConfig {
        Objects.requireNonNull(targets, "RoutingConfig.targets must not be null");
        Objects.requireNonNull(selection, "RoutingConfig.selection must not be null");
        targets = List.copyOf(targets);
        if (targets.isEmpty() || targets.size() > MAX_TARGETS) {
            throw new IllegalArgumentException("RoutingConfig.targets must have between 1 and " + MAX_TARGETS
                    + " targets (inclusive), but had " + targets.size());
        }
        Set<String> names = new HashSet<>();
        for (Target target : targets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("RoutingConfig.targets must have unique names, but '"
                        + target.name() + "' appears twice");
            }
        }
        if (contextLengthTarget != null) {
            checkName("RoutingConfig.contextLengthTarget", contextLengthTarget);
        }
        if (contentPolicyTarget != null) {
            checkName("RoutingConfig.contentPolicyTarget", contentPolicyTarget);
        }
    }

    /** An ordered route over {@code targets}, the first being the primary. */
    public static RoutingConfig of(String... targets) {
        Builder builder = builder();
        for (String target : targets) {
            builder.target(target);
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The target named {@code name} of this route, or a target of weight 1 (a route's error-specific target). */
    public Target target(String name) {
        for (Target target : targets) {
            if (target.name().equals(name)) {
                return target;
            }
        }
        return new Target(name, 1);
    }

    private static void checkName(String field, String name) {
        if (name == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(field + " must be 1 to " + MAX_NAME_LENGTH
                    + " characters and not blank, but was '" + name + "'");
        }
        try {
            OperationNames.validate(Target.OPERATION_PREFIX + name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " '" + name + "' is not a valid target name: " + e.getMessage()
                    + " (including the prefix '" + Target.OPERATION_PREFIX + "')", e);
        }
    }

    /** Builds a {@link RoutingConfig}: ordered unless {@link #weighted()}. */
    public static final class Builder {
        private final List<Target> targets = new ArrayList<>();
        private TargetSelection selection = TargetSelection.ORDERED;
        private String contextLengthTarget;
        private String contentPolicyTarget;

        private Builder() {}

        /** Adds a target of weight 1, after those added before. */
        public Builder target(String name) {
            return target(name, 1);
        }

        /** Adds a target, after those added before. */
        public Builder target(String name, int weight) {
            return target(name, weight, QuotaConfig.NONE);
        }

        /** Adds a target of weight 1 with a quota, after those added before. */
        public Builder target(String name, QuotaConfig quota) {
            return target(name, 1, quota);
        }

        /** Adds a target with a quota, after those added before. */
        public Builder target(String name, int weight, QuotaConfig quota) {
            targets.add(new Target(name, weight, quota));
            return this;
        }

        /** Each call draws its order by the targets' weights. */
        public Builder weighted() {
            selection = TargetSelection.WEIGHTED;
            return this;
        }

        public Builder selection(TargetSelection selection) {
            this.selection = selection;
            return this;
        }

        /** Requests too long for a target's context window go to {@code target}. */
        public Builder onContextLength(String target) {
            this.contextLengthTarget = target;
            return this;
        }

        /** Requests a target refused under its content policy go to {@code target}. */
        public Builder onContentPolicy(String target) {
            this.contentPolicyTarget = target;
            return this;
        }

        public RoutingConfig build() {
            return new RoutingConfig(targets, selection, contextLengthTarget, contentPolicyTarget);
        }
    }
}
