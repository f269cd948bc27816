package dev.mayfly.cli;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverPublicKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly approval policy}: writes an approval policy (approvers and quorum) from public
 * keys; a ceremony and a verifier read it.
 *
 * @since 0.1.0
 */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Write an approval policy: who may approve (ID=PUBLIC-KEY-PEM) and how many must.")
public final class ApprovalPolicyCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--approver", required = true, paramLabel = "ID=FILE",
      description = "An approver id and its public key PEM; repeatable.")
  List<String> approvers = new ArrayList<>();

  @Option(names = "--quorum", required = true, paramLabel = "T",
      description = "How many distinct approvers must approve.")
  int quorum;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The policy file.")
  Path out;

  @Override
  public Integer call() throws Exception {
    ApproverSet.Builder set = ApproverSet.builder();
    for (String approver : approvers) {
      int equals = approver.indexOf('=');
      if (equals < 1) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--approver must be ID=FILE, got '" + approver + "'");
      }
      set.approver(approver.substring(0, equals), ApproverPublicKey.parsePem(
          Files.readString(Path.of(approver.substring(equals + 1)), StandardCharsets.US_ASCII)));
    }
    ApprovalPolicy policy = ApprovalPolicy.builder().approvers(set.build()).quorum(quorum).build();
    Files.write(out, policy.toJsonBytes());
    spec.commandLine().getOut().println("wrote " + out + " (" + quorum + " of " + approvers.size()
        + ", digest " + HexFormat.of().formatHex(policy.digest()) + ")");
    return ExitCodes.OK;
  }
}
