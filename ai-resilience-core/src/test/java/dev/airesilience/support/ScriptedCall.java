package dev.airesilience.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake AI call that plays a script: "fail with these, then succeed with that". Counts its invocations, so
 * tests can assert how many times the provider was really called.
 */
public final class ScriptedCall<T> implements Callable<T> {

    private final Deque<Object> script = new ArrayDeque<>();
    private final AtomicInteger invocations = new AtomicInteger();
    private Object thereafter;

    private ScriptedCall() {}

    public static <T> ScriptedCall<T> failing(Exception... failures) {
        ScriptedCall<T> call = new ScriptedCall<>();
        for (Exception failure : failures) {
            call.script.add(failure);
        }
        return call;
    }

    /** Every invocation after the script answers {@code value}. */
    public ScriptedCall<T> thenReturn(T value) {
        thereafter = value;
        return this;
    }

    /** Every invocation after the script throws {@code failure}. */
    public ScriptedCall<T> thenAlwaysThrow(Exception failure) {
        thereafter = failure;
        return this;
    }

    public int invocations() {
        return invocations.get();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T call() throws Exception {
        invocations.incrementAndGet();
        Object next = script.isEmpty() ? thereafter : script.poll();
        if (next instanceof Exception) {
            throw (Exception) next;
        }
        return (T) next;
    }
}
