package dev.airesilience.pipeline;

import dev.airesilience.context.CallInstrumentation.AttemptObservation;
import dev.airesilience.context.CallInstrumentation.CallObservation;
import dev.airesilience.context.CapturedContext;
import dev.airesilience.context.ContextScope;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one logical call: what its propagators captured on the caller's thread, and its observation.
 * Created only when the orchestrator has propagators or an instrumentation ({@link CallContexts#start}).
 *
 * <p>Scopes are opened and closed on the thread that runs the work. Ends can race (a cancellation against the
 * attempt that completes), so the current attempt is ended through {@link AtomicReference#getAndSet}.
 */
final class CallContext {

    private static final Logger LOG = LoggerFactory.getLogger(CallContext.class);

    private final CapturedContext[] captured;
    private final CallObservation call;
    private final AtomicReference<AttemptObservation> attempt = new AtomicReference<>();

    CallContext(CapturedContext[] captured, CallObservation call) {
        this.captured = captured;
        this.call = call;
    }

    void attemptStarted(int number) {
        if (call == null) {
            return;
        }
        try {
            attempt.set(call.attemptStarted(number));
        } catch (RuntimeException e) {
            LOG.warn("Call instrumentation threw when attempt {} started", number, e);
        }
    }

    void attemptEnded(String reason, Throwable failure) {
        AttemptObservation ended = attempt.getAndSet(null);
        if (ended == null) {
            return;
        }
        try {
            ended.attemptEnded(reason, failure);
        } catch (RuntimeException e) {
            LOG.warn("Call instrumentation threw when an attempt ended", e);
        }
    }

    void callEnded(String outcome, String reason, Throwable failure) {
        attemptEnded("aborted", null); // an attempt still open when the call ends was cut short
        if (call == null) {
            return;
        }
        try {
            call.callEnded(outcome, reason, failure);
        } catch (RuntimeException e) {
            LOG.warn("Call instrumentation threw when the call ended", e);
        }
    }

    /** The caller's context, then the current attempt, put in place on this thread while the function runs. */
    ContextScope attemptScope() {
        AttemptObservation current = attempt.get();
        return open(current == null ? null : current::makeCurrent);
    }

    /** The caller's context, then the call, put in place on this thread while the fallback runs. */
    ContextScope callScope() {
        return open(call == null ? null : call::makeCurrent);
    }

    @SuppressWarnings("try") // the scope is only closed
    <T> Callable<T> inAttemptScope(Callable<T> function) {
        return () -> {
            try (ContextScope scope = attemptScope()) {
                return function.call();
            }
        };
    }

    @SuppressWarnings("try") // the scope is only closed
    <T> T supplyInAttemptScope(Supplier<T> function) {
        try (ContextScope scope = attemptScope()) {
            return function.get();
        }
    }

    private ContextScope open(Supplier<ContextScope> innermost) {
        ContextScope[] opened = new ContextScope[captured.length + 1];
        int count = 0;
        for (CapturedContext context : captured) {
            try {
                opened[count++] = context.restore();
            } catch (RuntimeException e) {
                count--;
                LOG.warn("Context propagator threw while restoring; its context is not propagated", e);
            }
        }
        if (innermost != null) {
            try {
                opened[count++] = innermost.get();
            } catch (RuntimeException e) {
                count--;
                LOG.warn("Call instrumentation threw while making the call current", e);
            }
        }
        int size = count;
        return () -> {
            for (int i = size - 1; i >= 0; i--) {
                try {
                    if (opened[i] != null) {
                        opened[i].close();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Context scope threw while closing", e);
                }
            }
        };
    }
}
