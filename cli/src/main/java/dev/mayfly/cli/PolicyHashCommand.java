package dev.mayfly.cli;

import dev.mayfly.snp.validate.TeePolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly policy hash --policy FILE}: prints the TEE_POLICY_HASH (hex) of a policy
 * document.
 *
 * @since 0.1.0
 */
@Command(name = "hash", mixinStandardHelpOptions = true,
    description = "Print the TEE_POLICY_HASH (SHA-256 of the canonical encoding) of a policy.")
public final class PolicyHashCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "The policy document (JSON).")
  Path policy;

  @Override
  public Integer call() throws Exception {
    TeePolicy parsed = TeePolicy.parseJson(Files.readString(policy, StandardCharsets.UTF_8));
    spec.commandLine().getOut().println(parsed.hashHex());
    return ExitCodes.OK;
  }
}
