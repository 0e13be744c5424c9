package dev.airesilience.classify;

/**
 * Decides whether a failure is transient, a rate limit or permanent (the seed's {@code classify_exception}).
 * A pure function: it must not block, and must be thread-safe. {@link Error}s never reach it: they are
 * never retried and never swallowed.
 */
@FunctionalInterface
public interface FailureClassifier {

    Classification classify(Throwable failure);

    /**
     * The default rules, preceded by the classifiers of the client adapters on the class path (found once with
     * {@link java.util.ServiceLoader}; see {@link FailureClassifierProvider}); see {@link DefaultFailureClassifier}.
     */
    static FailureClassifier defaults() {
        return DefaultFailureClassifier.INSTANCE;
    }
}
