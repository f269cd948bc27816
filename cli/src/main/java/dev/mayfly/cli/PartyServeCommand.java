package dev.mayfly.cli;

import dev.mayfly.party.PartyConfig;
import dev.mayfly.party.PartyServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly party serve --config FILE}: runs one party process until SIGTERM (or SIGINT),
 * then stops gracefully: new sessions are refused, sessions in flight may finish within the
 * configured grace and are aborted after it, every secret is destroyed. Prints one ready line on
 * stdout; audit events go to stderr.
 *
 * @since 0.1.0
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run this party: serve its peers (attested mutual TLS) and signing clients "
        + "(attested server TLS) until SIGTERM.")
public final class PartyServeCommand implements Callable<Integer> {
  /** Kept referenced so its level and handler stay. */
  private static final Logger AUDIT = Logger.getLogger(PartyServer.AUDIT_LOGGER);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The party configuration (JSON; see docs/deployment.md).")
  Path config;

  @Option(names = "--quiet-audit", description = "Do not print audit events on stderr.")
  boolean quietAudit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PartyConfig parsed = PartyConfig.read(config);
    if (!quietAudit) {
      StreamHandler handler = new StreamHandler(System.err, new Formatter() {
        @Override
        public String format(LogRecord record) {
          return Instant.ofEpochMilli(record.getMillis()) + " " + formatMessage(record)
              + System.lineSeparator();
        }
      }) {
        @Override
        public synchronized void publish(LogRecord record) {
          super.publish(record);
          flush();
        }
      };
      handler.setLevel(Level.INFO);
      AUDIT.setUseParentHandlers(false);
      AUDIT.addHandler(handler);
      AUDIT.setLevel(Level.INFO);
    }
    if (parsed.evidenceSource() == PartyConfig.EvidenceSource.SIMULATED_INSECURE) {
      spec.commandLine().getErr().println("note: evidence.provider simulated-insecure: SIMULATED"
          + " attestation proves nothing about hardware (demos and tests only)");
    }
    PartyServer server = PartyServer.start(parsed);
    stopOnSignals(server);
    out.println("mayfly party " + parsed.self().value() + " ready: peers "
        + address(server.peerAddress()) + ", clients " + address(server.clientAddress())
        + ", policy " + parsed.teePolicy().hashHex()
        + (parsed.evidenceSource() == PartyConfig.EvidenceSource.SIMULATED_INSECURE
            ? ", SIMULATED" : ""));
    out.flush();
    server.checkPeersInBackground(Duration.ofSeconds(30));
    server.awaitShutdown();
    return ExitCodes.OK;
  }

  /**
   * SIGTERM and SIGINT stop the server gracefully on a thread of its own, before the JVM starts
   * its shutdown (which would stop java.util.logging and so the audit of the shutdown itself);
   * the command then returns and the process exits 0. Where the signals cannot be handled, a
   * shutdown hook does the same, with the audit lines of the shutdown possibly lost.
   */
  @SuppressWarnings("removal")
  private static void stopOnSignals(PartyServer server) {
    Runnable stop = () -> new Thread(server::close, "mayfly-party-shutdown").start();
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> stop.run());
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> stop.run());
    } catch (IllegalArgumentException | LinkageError e) {
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mayfly-party-shutdown"));
    }
  }

  private static String address(java.net.InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
