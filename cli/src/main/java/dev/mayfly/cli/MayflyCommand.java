package dev.mayfly.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
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
    description = "MPC ephemeral code signing in confidential VMs.")
public final class MayflyCommand extends GroupCommand {
  /**
   * The subcommands, by name, in the order the help lists them. picocli builds a command's model
   * by reflection when it is added, which is a good part of the command's start-up; a run that
   * names one of these adds only that one (see {@link #commandLine(PrintStream, PrintStream,
   * String)}).
   */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("demo", DemoCommand::new);
    commands.put("verify", VerifyCommand::new);
    commands.put("approval", ApprovalCommand::new);
    commands.put("snp", SnpCommand::new);
    commands.put("policy", PolicyCommand::new);
    commands.put("party", PartyCommand::new);
    commands.put("sign", SignCommand::new);
    return commands;
  }

  /** A picocli command line for {@code mayfly} with every subcommand, writing to the streams. */
  public static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(out, err, null);
  }

  /**
   * A picocli command line for {@code mayfly} writing to {@code out} and {@code err}: with only
   * the subcommand named {@code first} when there is one of that name (what a run with {@code
   * first} as its first argument can reach), else with all of them (help, usage errors and their
   * suggestions list them all).
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, @Nullable String first) {
    CommandLine cl = new CommandLine(new MayflyCommand());
    boolean one = first != null && SUBCOMMANDS.containsKey(first);
    SUBCOMMANDS.forEach((name, command) -> {
      if (!one || name.equals(first)) {
        cl.addSubcommand(name, command.get());
      }
    });
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(ExitCodes::handle);
    return cl;
  }

  /** Runs {@code args} and returns the exit code (see {@link ExitCodes}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err, args.length > 0 ? args[0] : null).execute(args);
  }
}
