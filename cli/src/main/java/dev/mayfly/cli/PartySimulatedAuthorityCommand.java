package dev.mayfly.cli;

import dev.mayfly.party.PartyServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly party simulated-authority-insecure --out FILE}: writes a new simulated AMD
 * authority (its test root keys included, owner-only permissions) for the parties of a simulated
 * deployment to share ({@code evidence.simulatedAuthorityFileInsecure}).
 *
 * @since 0.1.0
 */
@Command(name = "simulated-authority-insecure", mixinStandardHelpOptions = true,
    description = "Write a simulated AMD authority (INSECURE test keys) for simulated parties.")
public final class PartySimulatedAuthorityCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The file to write; must not exist.")
  Path out;

  @Override
  public Integer call() throws Exception {
    PartyServer.writeSimulatedAuthorityInsecure(out);
    spec.commandLine().getOut().println("wrote " + out + " (SIMULATED authority with its test "
        + "root keys: proves nothing, keep it to demos and tests)");
    return ExitCodes.OK;
  }
}
