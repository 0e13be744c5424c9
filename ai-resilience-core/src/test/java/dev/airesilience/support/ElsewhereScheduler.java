package dev.airesilience.support;

import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Virtual time on another thread: a wait shorter than {@code neverBefore} jumps the clock and runs at once on this
 * scheduler's own thread (as a real scheduler hands a due step to a worker); a longer one, such as an attempt
 * deadline, never comes due. So a retry or a fallback runs on a thread that is not the caller's, with no real wait.
 */
public final class ElsewhereScheduler implements Scheduler, AutoCloseable {

    private final ManualClock clock;
    private final Duration neverBefore;
    private final ExecutorService thread;

    /** {@code prepare} runs first on the scheduler's thread, to give it a context of its own. */
    public ElsewhereScheduler(ManualClock clock, Duration neverBefore, Runnable prepare) {
        this.clock = clock;
        this.neverBefore = neverBefore;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "elsewhere-scheduler");
            t.setDaemon(true);
            return t;
        });
        thread.execute(prepare);
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        if (delay.compareTo(neverBefore) >= 0) {
            return new CompletableFuture<Void>();
        }
        return thread.submit(() -> {
            clock.advance(delay);
            task.run();
        });
    }

    /** Runs {@code probe} on the scheduler's thread and waits for it. */
    public void onItsThread(Consumer<Thread> probe) throws Exception {
        thread.submit(() -> probe.accept(Thread.currentThread())).get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
