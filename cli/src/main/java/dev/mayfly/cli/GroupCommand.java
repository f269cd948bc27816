package dev.mayfly.cli;

import picocli.CommandLine;

/**
 * A command that only groups subcommands ({@code mayfly}, {@code mayfly snp}, {@code mayfly
 * policy}): called without one, it is a usage error (exit 2).
 *
 * @since 0.1.0
 */
abstract class GroupCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
  }
}
