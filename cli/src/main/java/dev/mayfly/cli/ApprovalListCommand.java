package dev.mayfly.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import dev.mayfly.approval.ApprovalExplainer;
import dev.mayfly.approval.ApprovalExplanation;
import dev.mayfly.approval.ApprovalPolicy;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mayfly approval list}: which of the given approvals a ceremony would count for this
 * artifact and policy, and why the others would not. Exit 0 when they reach the quorum, 1
 * otherwise (with {@code error: CODE: ...}).
 *
 * @since 0.1.0
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List which approvals a ceremony would accept, and why others not.")
public final class ApprovalListCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--approvers", required = true, paramLabel = "FILE",
      description = "The approval policy (approvers and quorum, JSON).")
  Path approvers;

  @Option(names = "--artifact", required = true, paramLabel = "FILE",
      description = "The artifact; repeat it for a release (approvals must name exactly the list).")
  List<Path> artifacts;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifact name in the ceremony, with one --artifact; default the file "
          + "name.")
  String name;

  @Option(names = "--policy-hash", required = true, paramLabel = "HEX",
      description = "The TEE_POLICY_HASH the ceremony pins (32 bytes hex).")
  String policyHash;

  @Option(names = "--at", paramLabel = "ISO-8601", description = "When; default now.")
  Instant at;

  @Option(names = "--json", description = "Print the explanation as JSON.")
  boolean json;

  @Parameters(paramLabel = "APPROVAL", arity = "1..*", description = "Approval envelopes (JSON).")
  List<Path> approvals = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    byte[] pin = CliOptions.hex(spec.commandLine(), policyHash, 32, "--policy-hash");
    ApprovalPolicy policy = ApprovalPolicy.parseJson(Files.readAllBytes(approvers));
    List<byte[]> envelopes = new ArrayList<>();
    for (Path approval : approvals) {
      envelopes.add(Files.readAllBytes(approval));
    }
    ApprovalExplanation explanation = ApprovalExplainer.create(policy).explain(envelopes,
        ReleaseArtifacts.digests(ReleaseArtifacts.read(spec.commandLine(), artifacts, name)),
        pin,
        at != null ? at : Instant.now());
    if (json) {
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(JsonParser.parseString(
          new String(explanation.toJsonBytes(), StandardCharsets.UTF_8))));
    } else {
      for (ApprovalExplanation.Entry entry : explanation.entries()) {
        out.println(approvals.get(entry.index()) + ": " + entry);
      }
      out.println(explanation.countedCount() + " of " + explanation.quorum() + " required");
    }
    if (explanation.failure().isPresent()) {
      spec.commandLine().getErr().println("error: " + explanation.failure().get() + ": "
          + explanation.failureMessage());
      return ExitCodes.INVALID;
    }
    return ExitCodes.OK;
  }
}
