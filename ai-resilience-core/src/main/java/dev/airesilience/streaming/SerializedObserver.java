package dev.airesilience.streaming;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber's side of a stream. Elements come from the source's thread but the end may come from a timer's,
 * so signals are queued and drained by one thread at a time (no lock is held while the subscriber runs), and
 * nothing is delivered after the end or after a cancel.
 */
final class SerializedObserver<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SerializedObserver.class);
    private static final Object NULL = new Object();

    private final StreamObserver<? super T> target;
    private final Queue<Object> signals = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private boolean ended; // read and written only by the draining thread
    private volatile boolean cancelled;

    SerializedObserver(StreamObserver<? super T> target) {
        this.target = target;
    }

    void next(T element) {
        emit(element == null ? NULL : element);
    }

    void complete() {
        emit(new End(null));
    }

    void error(Throwable error) {
        emit(new End(error));
    }

    void cancel() {
        cancelled = true;
    }

    private void emit(Object signal) {
        signals.offer(signal);
        if (pending.getAndIncrement() != 0) {
            return; // the thread draining now delivers it
        }
        int missed = 1;
        do {
            Object next;
            while ((next = signals.poll()) != null) {
                deliver(next);
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    @SuppressWarnings("unchecked")
    private void deliver(Object signal) {
        if (ended || cancelled) {
            return;
        }
        try {
            if (signal instanceof End) {
                ended = true;
                Throwable error = ((End) signal).error;
                if (error == null) {
                    target.onComplete();
                } else {
                    target.onError(error);
                }
            } else {
                target.onNext(signal == NULL ? null : (T) signal);
            }
        } catch (RuntimeException subscriberFailure) {
            // The subscriber's bug must not stop the drain: later signals would never be delivered.
            LOG.warn("Stream subscriber {} threw", target.getClass().getName(), subscriberFailure);
        }
    }

    private static final class End {
        final Throwable error;

        End(Throwable error) {
            this.error = error;
        }
    }
}
