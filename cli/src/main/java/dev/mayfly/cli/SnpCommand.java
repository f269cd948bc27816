package dev.mayfly.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mayfly snp}: AMD SEV-SNP report tools.
 *
 * @since 0.1.0
 */
@Command(name = "snp", mixinStandardHelpOptions = true,
    description = "Inspect and verify AMD SEV-SNP attestation reports.",
    subcommands = {SnpVerifyCommand.class, SnpShowCommand.class})
public final class SnpCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
