package dev.airesilience.server.dashboard;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.event.CallRejectedEvent;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;

/**
 * Everything the dashboard takes from the orchestrator's events, in one place: transitions, calls rejected before
 * any attempt, and provider rate limits (a retry whose cause carries a Retry-After). Runs on the calling thread,
 * so it only hands each event to the {@link Timeline}.
 */
final class DashboardListener implements ResilienceListener {

    private final Timeline timeline;
    private final FailureClassifier classifier = FailureClassifier.defaults();

    DashboardListener(Timeline timeline) {
        this.timeline = timeline;
    }

    @Override
    public void onCircuitStateChange(CircuitStateChangeEvent event) {
        timeline.transition(event.operation(), event.from(), event.to(), event.at());
    }

    @Override
    public void onCallRejected(CallRejectedEvent event) {
        timeline.rejection(event.operation(), event.reason().tag());
    }

    @Override
    public void onRetry(RetryEvent event) {
        Classification classification = classifier.classify(event.cause());
        if (classification.kind() == FailureKind.RATE_LIMITED && classification.retryAfter() != null
                && !classification.retryAfter().isNegative() && !classification.retryAfter().isZero()) {
            timeline.rateLimited(event.operation(), classification.retryAfter());
        }
    }
}
