package dev.airesilience.server.dashboard;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples every operation's lifetime counters at a fixed interval into its {@link RollingWindow}. Time and the
 * timer are injected: the service passes the system clock and a one-thread timer, tests a {@code ManualClock}.
 * Reading metrics never creates an operation in the core, and a sample costs one snapshot per operation.
 */
final class DashboardSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DashboardSampler.class);

    private final AIServiceResilience resilience;
    private final TimeSource time;
    private final Scheduler scheduler;
    private final DashboardSettings settings;
    private final Map<String, RollingWindow> windows = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Future<?> next;

    DashboardSampler(AIServiceResilience resilience, TimeSource time, Scheduler scheduler, DashboardSettings settings) {
        this.resilience = resilience;
        this.time = time;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    /** Takes the first sample now and schedules the next ones. */
    void start() {
        tick();
    }

    private void tick() {
        if (closed) {
            return;
        }
        try {
            sampleNow();
        } catch (RuntimeException e) {
            LOG.warn("Dashboard sampling failed; retrying at the next interval", e); // keeps the timer alive
        }
        next = scheduler.schedule(this::tick, settings.sampleInterval());
    }

    /** One sample of every operation the orchestrator knows. */
    void sampleNow() {
        long nanos = time.nanoTime();
        long epochMillis = time.now().toEpochMilli();
        List<String> names = resilience.operations();
        for (String name : names) {
            windows.computeIfAbsent(name, n -> new RollingWindow(settings.samples()))
                    .add(RollingWindow.Sample.of(nanos, epochMillis, resilience.getMetrics(name)));
        }
        // Operations the core forgot (reset, cap) stop being charted.
        windows.keySet().retainAll(new HashSet<>(names));
    }

    /** The operation's window, or an empty one while it has not been sampled. */
    RollingWindow window(String operation) {
        RollingWindow window = windows.get(operation);
        return window == null ? new RollingWindow(2) : window;
    }

    @Override
    public void close() {
        closed = true;
        Future<?> pending = next;
        if (pending != null) {
            pending.cancel(false);
        }
        if (scheduler instanceof AutoCloseable timer) {
            try {
                timer.close();
            } catch (Exception e) {
                LOG.debug("Closing the dashboard timer failed", e);
            }
        }
    }
}
