package dev.airesilience.bench.jmh;

import org.openjdk.jmh.annotations.Threads;

/** {@link HappyPathBenchmark} on two threads hitting the same operation: contention on its counters and breaker. */
@Threads(2)
public class HappyPathTwoThreadsBenchmark extends HappyPathBenchmark {}
