package dev.airesilience.adapter.testkit;

import dev.airesilience.streaming.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What a stream's subscriber saw: its elements, then its one end. */
public final class StreamRecorder<T> implements StreamObserver<T> {

    public final List<T> elements = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    /** Completes with {@code null} at a normal end, with the error otherwise. */
    public final CompletableFuture<Throwable> end = new CompletableFuture<>();

    @Override
    public void onNext(T element) {
        elements.add(element);
    }

    @Override
    public void onComplete() {
        end.complete(null);
    }

    @Override
    public void onError(Throwable error) {
        errors.add(error);
        end.complete(error);
    }

    /** The error the stream ended with, or {@code null} if it completed. */
    public Throwable awaitEnd() throws Exception {
        return end.get(20, TimeUnit.SECONDS);
    }

    /**
     * Waits (real time, bounded) for something another thread does: the provider receiving a request, the SDK
     * delivering chunks. Virtual time only moves when the test advances it, after this returns.
     */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
