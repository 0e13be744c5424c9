package dev.airesilience.bench.jmh;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Retained heap per operation: heap in use after full collections, before and after creating N operations.
 * Run alone ({@code java -cp benchmarks.jar dev.airesilience.bench.jmh.RetainedHeap}); ScaleBenchmark also
 * prints it once per fork. Use a fixed heap ({@code -Xms=-Xmx}) for steadier numbers.
 */
public final class RetainedHeap {

    public static final int OPERATIONS = 10_000;

    private RetainedHeap() {}

    /** An orchestrator with {@code count} operations, each called once successfully and then idle. */
    public static AIServiceResilience withIdleOperations(int count) {
        AIServiceResilience resilience = AIServiceResilience.builder().maxOperations(count).build();
        for (int i = 0; i < count; i++) {
            resilience.<String>withResilience("operation-" + i, ResilienceStrategy.BALANCED).get(() -> "ok");
        }
        return resilience;
    }

    /** Bytes retained per idle operation (state, metrics, latency histogram, breaker, registry entries, name). */
    public static double bytesPerIdleOperation(int count) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        // Warm the classes and the empty orchestrator first, so that only per-operation memory is counted.
        AIServiceResilience empty = withIdleOperations(1);
        long before = settledHeap(memory);
        AIServiceResilience full = withIdleOperations(count + 1);
        long after = settledHeap(memory);
        Reference.reachabilityFence(empty);
        Reference.reachabilityFence(full);
        empty.close();
        full.close();
        // 'full' holds count + 1 operations, 'empty' (still alive) one: the difference is 'count' operations plus one orchestrator.
        return (after - before) / (double) count;
    }

    private static long settledHeap(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Arguments: [operations] [--hold]; with --hold it keeps the operations alive until stdin closes, for jcmd GC.class_histogram. */
    public static void main(String[] args) throws java.io.IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : OPERATIONS;
        if (args.length > 1 && args[1].equals("--hold")) {
            AIServiceResilience held = withIdleOperations(count);
            System.out.println("holding " + count + " operations; close stdin to exit");
            while (System.in.read() >= 0) {
                // wait
            }
            held.close();
            return;
        }
        for (int round = 1; round <= 3; round++) {
            System.out.printf(Locale.ROOT, "round %d: %,.0f bytes retained per idle operation (%,d operations)%n",
                    round, bytesPerIdleOperation(count), count);
        }
    }
}
