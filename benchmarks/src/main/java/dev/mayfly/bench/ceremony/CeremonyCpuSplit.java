package dev.mayfly.bench.ceremony;

import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.snp.abi.Product;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a ceremony's CPU time goes by thread, to read {@link CeremonyBenchmark} against the
 * machine's core count: the CPU time of each party's thread (its whole session), of the calling
 * thread (starting the parties and assembling the bundle), and of the process (adding GC and JIT).
 * Not a speed claim (those are JMH ratios); it answers whether the parties' own work fits the
 * cores at all.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.mayfly.bench.ceremony.CeremonyCpuSplit \
 *     [warm-up ceremonies, default 600] [measured ceremonies, default 300]
 * </pre>
 *
 * <p>A party's thread CPU time is read when it reports {@code DESTROY COMPLETED}, its last step;
 * the pool threads are new for every ceremony, so the reading is that session's alone.
 */
public final class CeremonyCpuSplit {
  private CeremonyCpuSplit() {}

  /** Entry point; exit code 2 on a usage error. */
  public static void main(String[] args) throws Exception {
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the measurement and prints it to {@code out}.
   *
   * @return 0, or 2 after printing the usage to {@code err}
   */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    int warmUp;
    int measured;
    try {
      warmUp = args.length > 0 ? Integer.parseInt(args[0]) : 600;
      measured = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    } catch (NumberFormatException e) {
      warmUp = -1;
      measured = -1;
    }
    if (args.length > 2 || warmUp < 0 || measured < 1) {
      err.println("usage: CeremonyCpuSplit [WARM_UP_CEREMONIES] [MEASURED_CEREMONIES]");
      return 2;
    }
    java.util.logging.Logger audit = java.util.logging.Logger.getLogger("dev.mayfly");
    java.util.logging.Level auditLevel = audit.getLevel();
    audit.setLevel(java.util.logging.Level.OFF);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean();
    Map<PartyId, LongAdder> partyCpu = new ConcurrentHashMap<>();
    AtomicBoolean counting = new AtomicBoolean();
    SecureRandom random = new SecureRandom();
    try (SimulatedAuthority authority =
            SimulatedAuthority.generate(Product.MILAN, random, Instant.now());
        LocalCeremony ceremony = LocalCeremony.builder().simulatedAuthority(authority)
            .phaseTimeout(Duration.ofSeconds(60))
            .progressListener(event -> {
              if (counting.get() && event.phase() == CeremonyPhase.DESTROY
                  && event.kind() == ProgressEvent.Kind.COMPLETED) {
                partyCpu.computeIfAbsent(event.party(), p -> new LongAdder())
                    .add(threads.getCurrentThreadCpuTime());
              }
            })
            .build()) {
      for (int i = 0; i < warmUp; i++) {
        requireSuccess(ceremony.run());
      }
      counting.set(true);
      long wall = System.nanoTime();
      long caller = threads.getCurrentThreadCpuTime();
      long process = os.getProcessCpuTime();
      for (int i = 0; i < measured; i++) {
        requireSuccess(ceremony.run());
      }
      wall = System.nanoTime() - wall;
      caller = threads.getCurrentThreadCpuTime() - caller;
      process = os.getProcessCpuTime() - process;

      int cores = Runtime.getRuntime().availableProcessors();
      double partiesTotal = 0;
      out.printf(Locale.ROOT, "%d ceremonies after %d warm-up, %d cores%n", measured, warmUp,
          cores);
      for (Map.Entry<PartyId, LongAdder> entry : new TreeMap<>(partyCpu).entrySet()) {
        double ms = entry.getValue().sum() / 1e6 / measured;
        partiesTotal += ms;
        out.printf(Locale.ROOT, "  %s thread CPU      %6.1f ms%n", entry.getKey(), ms);
      }
      double callerMs = caller / 1e6 / measured;
      out.printf(Locale.ROOT, "  calling thread CPU     %6.1f ms (bundle, orchestration)%n",
          callerMs);
      out.printf(Locale.ROOT, "  process CPU            %6.1f ms (with GC and JIT)%n",
          process / 1e6 / measured);
      out.printf(Locale.ROOT, "  wall time              %6.1f ms%n", wall / 1e6 / measured);
      out.printf(Locale.ROOT,
          "  lower bound on these cores: (parties + calling thread) / cores = %.1f ms%n",
          (partiesTotal + callerMs) / cores);
      return 0;
    } finally {
      audit.setLevel(auditLevel);
    }
  }

  private static void requireSuccess(LocalCeremony.Outcome outcome) {
    if (!outcome.succeeded()) {
      throw new IllegalStateException("a benchmark ceremony aborted: " + outcome.aborts());
    }
  }
}
