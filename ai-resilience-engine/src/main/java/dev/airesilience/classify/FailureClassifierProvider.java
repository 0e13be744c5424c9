package dev.airesilience.classify;

/**
 * Service-provider interface through which client adapters (OpenAI, Anthropic, LangChain4j, Spring AI ...) teach
 * the default classifier their exceptions. Providers are found once, with {@link java.util.ServiceLoader}, the
 * first time {@link FailureClassifier#defaults()} classifies a failure: an adapter on the class path is enough, no
 * user code is needed. Register an implementation in
 * {@code META-INF/services/dev.airesilience.classify.FailureClassifierProvider}.
 *
 * <p>The classifier a provider returns is <em>partial</em>: it answers {@code null} for an exception it does not
 * know. It is asked about each exception of the failure's cause chain in turn, outermost first, before the built-in
 * rules; the first non-null verdict wins. The chain walk stops at the orchestrator's own
 * {@link dev.airesilience.exception.AIServiceException}s, which the built-in rules classify. Like every classifier
 * it must be cheap, must not block and must be thread-safe.
 */
public interface FailureClassifierProvider {

    /**
     * The partial classifier, or {@code null} when the library it understands is not on the class path (an
     * adapter whose client library is an optional dependency checks for it here, without touching its classes
     * otherwise). Called once.
     */
    FailureClassifier classifier();
}
