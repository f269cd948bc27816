package dev.mayfly.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Shared JMH defaults for every Mayfly benchmark: average time per operation in microseconds, two
 * forks, five one-second warm-up and ten one-second measurement iterations. Subclasses do their
 * setup in {@code @Setup(Level.Trial)} and return results or sink them in a {@code Blackhole}.
 *
 * <p>Every claim in {@code docs/benchmarks.md} is a ratio against a baseline measured in the same
 * JMH run (see {@link BaselineBenchmark}), never an absolute time.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@State(Scope.Benchmark)
public abstract class BenchmarkDefaults {}
