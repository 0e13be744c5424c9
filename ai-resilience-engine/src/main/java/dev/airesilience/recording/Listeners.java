package dev.airesilience.recording;

import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.event.ResilienceListener;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to user listeners, each guarded so that its exceptions never break a call. */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private static final Guarded[] NONE = {};

    /**
     * Copy-on-write: listeners are added rarely and read on every call. An array rather than a
     * {@code CopyOnWriteArrayList}: "is anyone listening?" is asked several times per call, and is then one read.
     */
    private volatile Guarded[] listeners = NONE;

    public Listeners(List<ResilienceListener> initial) {
        initial.forEach(this::add);
    }

    public synchronized void add(ResilienceListener listener) {
        Guarded[] current = listeners;
        Guarded[] more = Arrays.copyOf(current, current.length + 1);
        more[current.length] = new Guarded(listener);
        listeners = more;
    }

    public synchronized boolean remove(ResilienceListener listener) {
        Guarded[] current = listeners;
        Guarded[] kept = Arrays.stream(current).filter(guarded -> guarded.delegate != listener).toArray(Guarded[]::new);
        listeners = kept.length == 0 ? NONE : kept;
        return kept.length != current.length;
    }

    public boolean isEmpty() {
        return listeners.length == 0;
    }

    /** Hands {@code event} to every listener's {@link ResilienceListener#onEvent}, in registration order. */
    public void publish(ResilienceEvent event) {
        for (Guarded guarded : listeners) {
            guarded.invoke(event);
        }
    }

    private static final class Guarded {
        private final ResilienceListener delegate;
        private final AtomicBoolean warned = new AtomicBoolean();

        Guarded(ResilienceListener delegate) {
            this.delegate = delegate;
        }

        void invoke(ResilienceEvent event) {
            try {
                delegate.onEvent(event);
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
