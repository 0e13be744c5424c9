package dev.airesilience.bench.jmh;

import org.openjdk.jmh.annotations.Threads;

/** {@link HappyPathBenchmark} on one thread. */
@Threads(1)
public class HappyPathOneThreadBenchmark extends HappyPathBenchmark {}
