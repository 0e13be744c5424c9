package dev.airesilience.context;

import java.util.Map;
import org.slf4j.MDC;

/** The caller's MDC, restored as a whole on the thread that runs the work, then that thread's own put back. */
enum MdcPropagator implements CallContextPropagator {
    INSTANCE;

    @Override
    public CapturedContext capture() {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> previous = MDC.getCopyOfContextMap();
            set(captured);
            return () -> set(previous);
        };
    }

    private static void set(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(map);
        }
    }

    @Override
    public String toString() {
        return "CallContextPropagator.mdc()";
    }
}
