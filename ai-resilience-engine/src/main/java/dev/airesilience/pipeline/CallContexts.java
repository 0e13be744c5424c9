package dev.airesilience.pipeline;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.context.CallContextPropagator;
import dev.airesilience.context.CallInstrumentation;
import dev.airesilience.context.CapturedContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's context propagators and instrumentation. {@link #start} gives a call its {@link CallContext},
 * or null when there is nothing to do for it, so a call with neither pays nothing.
 */
public final class CallContexts {

    static final CallContexts NONE = new CallContexts(List.of(), null);

    private static final Logger LOG = LoggerFactory.getLogger(CallContexts.class);
    private static final CapturedContext[] NOTHING_CAPTURED = new CapturedContext[0];

    private final CallContextPropagator[] propagators;
    private final CallInstrumentation instrumentation;

    public CallContexts(List<CallContextPropagator> propagators, CallInstrumentation instrumentation) {
        this.propagators = propagators.toArray(new CallContextPropagator[0]);
        this.instrumentation = instrumentation;
    }

    /**
     * On the caller's thread. The caller's context is captured when part of the call may run on another thread:
     * always when {@code async}, and on the workers of a timed or hedged attempt; otherwise everything runs here and
     * nothing is. Null when there is nothing to capture and no instrumentation (the configuration is then not read).
     */
    CallContext start(String operation, ResilienceConfig config, boolean async) {
        boolean capture = propagators.length > 0
                && (async || config.attemptTimeout() != null || config.hedge().enabled());
        if (!capture && instrumentation == null) {
            return null;
        }
        CapturedContext[] captured = capture ? capture() : NOTHING_CAPTURED;
        CallInstrumentation.CallObservation observation = null;
        if (instrumentation != null) {
            try {
                observation = instrumentation.callStarted(operation, config.strategy());
            } catch (RuntimeException e) {
                LOG.warn("Call instrumentation {} threw; the call '{}' is not observed", instrumentation, operation, e);
            }
        }
        return new CallContext(captured, observation);
    }

    private CapturedContext[] capture() {
        CapturedContext[] captured = new CapturedContext[propagators.length];
        int count = 0;
        for (CallContextPropagator propagator : propagators) {
            try {
                CapturedContext context = propagator.capture();
                if (context != null) {
                    captured[count++] = context;
                }
            } catch (RuntimeException e) {
                LOG.warn("Context propagator {} threw while capturing; its context is not propagated", propagator, e);
            }
        }
        return count == captured.length ? captured : java.util.Arrays.copyOf(captured, count);
    }
}
