package dev.airesilience.internal;

import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.event.StreamStartedEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to user listeners, each guarded so that its exceptions never break a call. */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    // Copy-on-write: listeners are added rarely and read on every call.
    private final List<Guarded> listeners = new CopyOnWriteArrayList<>();

    Listeners(List<ResilienceListener> initial) {
        initial.forEach(this::add);
    }

    void add(ResilienceListener listener) {
        listeners.add(new Guarded(listener));
    }

    boolean remove(ResilienceListener listener) {
        return listeners.removeIf(guarded -> guarded.delegate == listener);
    }

    boolean isEmpty() {
        return listeners.isEmpty();
    }

    void retry(RetryEvent event) {
        each(l -> l.onRetry(event));
    }

    void circuitStateChange(CircuitStateChangeEvent event) {
        each(l -> l.onCircuitStateChange(event));
    }

    void streamStarted(StreamStartedEvent event) {
        each(l -> l.onStreamStarted(event));
    }

    void callCompleted(CallCompletedEvent event) {
        each(l -> l.onCallCompleted(event));
    }

    private void each(Consumer<ResilienceListener> action) {
        for (Guarded guarded : listeners) {
            guarded.invoke(action);
        }
    }

    private static final class Guarded {
        private final ResilienceListener delegate;
        private final AtomicBoolean warned = new AtomicBoolean();

        Guarded(ResilienceListener delegate) {
            this.delegate = delegate;
        }

        void invoke(Consumer<ResilienceListener> action) {
            try {
                action.accept(delegate);
            } catch (RuntimeException e) {
                // Logged once at WARN so that a broken listener is noticed without flooding the log.
                if (warned.compareAndSet(false, true)) {
                    LOG.warn("Resilience listener {} threw; the call continues and further failures of this "
                            + "listener are logged at DEBUG", delegate.getClass().getName(), e);
                } else {
                    LOG.debug("Resilience listener {} threw again", delegate.getClass().getName(), e);
                }
            }
        }
    }
}
