package dev.mayfly.cli;

import dev.mayfly.approval.ApprovalSigner;
import dev.mayfly.approval.ApprovalStatement;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.common.ArtifactDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly approval sign}: approves one artifact, or a release of several ({@code
 * --artifact} repeats; one in-toto subject each), for one TEE policy, for a limited time, producing
 * the DSSE envelope a ceremony counts (DESIGN.md §6). It prints the list it signs.
 *
 * @since 0.1.0
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = "Approve an artifact: write the signed DSSE approval envelope (JSON).")
public final class ApprovalSignCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--key", required = true, paramLabel = "FILE",
      description = "The approver's private key (PKCS #8 PEM).")
  Path key;

  @Option(names = "--approver", required = true, paramLabel = "ID",
      description = "The approver id the approval policy gives this key.")
  String approver;

  @Option(names = "--artifact", required = true, paramLabel = "FILE",
      description = "An artifact to approve; repeat it to approve a release (the ceremony must "
          + "sign exactly that list).")
  List<Path> artifacts;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifact name in the ceremony, with one --artifact; default the file "
          + "name (always the file name with several).")
  String name;

  @Option(names = "--policy-hash", required = true, paramLabel = "HEX",
      description = "The TEE_POLICY_HASH the ceremony pins (32 bytes hex).")
  String policyHash;

  @Option(names = "--change", required = true, paramLabel = "REF",
      description = "The change being approved (ticket, pull request).")
  String change;

  @Option(names = "--valid-for", paramLabel = "DURATION",
      description = "How long the approval counts, ISO-8601 (e.g. PT8H); default PT8H.")
  Duration validFor = Duration.ofHours(8);

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "Where to write the envelope.")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (validFor.isNegative() || validFor.isZero()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--valid-for must be positive");
    }
    byte[] pin = CliOptions.hex(spec.commandLine(), policyHash, 32, "--policy-hash");
    List<ArtifactDigest> release = ReleaseArtifacts.digests(
        ReleaseArtifacts.read(spec.commandLine(), artifacts, name));
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    try (ApproverSigningKey signingKey = ApproverSigningKey.parsePkcs8Pem(Files.readAllBytes(key))) {
      ApprovalStatement statement = ApprovalStatement.builder()
          .artifacts(release)
          .approverId(approver)
          .changeRef(change)
          .teePolicyHash(pin)
          .validity(now, now.plus(validFor))
          .build();
      Files.write(out, ApprovalSigner.create(signingKey).sign(statement).toJsonBytes());
    }
    java.io.PrintWriter console = spec.commandLine().getOut();
    console.println("approved " + (release.size() == 1 ? "1 artifact" : "a release of "
        + release.size() + " artifacts") + " for TEE policy " + policyHash.strip() + ":");
    release.forEach(a -> console.println("  " + a.sha256Hex() + "  " + a.name()));
    console.println("wrote " + out + " (valid until " + now.plus(validFor) + ")");
    return ExitCodes.OK;
  }
}
