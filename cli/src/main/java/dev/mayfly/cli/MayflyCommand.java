package dev.mayfly.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root {@code mayfly} command. Subcommands are registered here, one class each.
 *
 * @since 0.1.0
 */
@Command(
    name = "mayfly",
    mixinStandardHelpOptions = true,
    version = "mayfly 0.1.0",
    description = "MPC ephemeral code signing in confidential VMs.",
    subcommands = {DemoCommand.class, VerifyCommand.class, ApprovalCommand.class,
        SnpCommand.class, PolicyCommand.class, PartyCommand.class, SignCommand.class})
public final class MayflyCommand extends GroupCommand {
  /** A picocli command line for {@code mayfly} writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cl = new CommandLine(new MayflyCommand());
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    return cl;
  }

  /** Runs {@code args} and returns the exit code (see {@link ExitCodes}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }
}
