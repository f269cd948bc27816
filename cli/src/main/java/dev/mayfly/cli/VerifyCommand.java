package dev.mayfly.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly verify}: checks an artifact against its Sigstore bundle and Mayfly evidence
 * document (DESIGN.md §8) with {@code BundleVerifier}: signature, certificate profile, timestamp,
 * extensions, every party's attestation, the policy pin, the approvals and the destruction
 * receipts. With {@code --signed-jar}, the artifact is a JAR signed in the JAR format by the
 * ceremony and {@code BundleVerifier.verifySignedJar} checks it instead. Exit 0 when valid, 1
 * with {@code error: CODE: message} otherwise.
 *
 * @since 0.1.0
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify an artifact against its Sigstore bundle and Mayfly evidence document, "
        + "or a JAR signed in the JAR format against the evidence (--signed-jar).")
public final class VerifyCommand implements Callable<Integer> {
  private static final String BUNDLE_SUFFIX = ".sigstore.json";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--artifact", required = true, paramLabel = "FILE", description = "The artifact.")
  Path artifact;

  @Option(names = "--bundle", paramLabel = "FILE",
      description = "The Sigstore bundle (NAME.sigstore.json). Required, unless --signed-jar.")
  Path bundle;

  @Option(names = "--signed-jar",
      description = "The artifact is a JAR signed in the JAR format by the ceremony (as the Maven "
          + "plugin publishes it with jarSigning=embed, or `mayfly sign --jar` writes it): its "
          + "signature block is checked instead of a bundle, every entry against it.")
  boolean signedJar;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifact's name in the session (what the approvers approved); default "
          + "the artifact's file name. Another artifact of the same release, served under this "
          + "name, is refused.")
  String name;

  @Option(names = "--evidence", paramLabel = "FILE",
      description = "The Mayfly evidence document; default NAME.mayfly.json beside the bundle "
          + "(with --signed-jar: beside the artifact).")
  Path evidence;

  @Option(names = "--policy-hash", paramLabel = "HEX",
      description = "The expected TEE_POLICY_HASH (32 bytes hex). Required, unless "
          + "--accept-any-policy-insecure.")
  String policyHash;

  @Option(names = "--accept-any-policy-insecure",
      description = "Accept whatever TEE policy the evidence names. Insecure: any code passes.")
  boolean anyPolicy;

  @Option(names = "--approvers", paramLabel = "FILE",
      description = "The expected approval policy (approvers and quorum, JSON, as written by "
          + "`mayfly approval policy` or the demo). Required, unless --approvers-digest or "
          + "--trust-recorded-approvers-insecure.")
  Path approvers;

  @Option(names = "--approvers-digest", paramLabel = "HEX",
      description = "The expected approval policy's digest (32 bytes hex), instead of the file.")
  String approversDigest;

  @Option(names = "--trust-recorded-approvers-insecure",
      description = "Use the approval policy recorded in the evidence. Insecure: whoever wrote the "
          + "evidence chose the approvers.")
  boolean trustRecordedApprovers;

  @Option(names = "--trusted-root", paramLabel = "FILE",
      description = "A Sigstore trusted_root.json: the CAs and timestamp authorities to trust.")
  Path trustedRoot;

  @Option(names = "--allow-simulated", description = "Accept SIMULATED attestation evidence and "
      + "the timestamp authority it records (demo output). Insecure.")
  boolean allowSimulated;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if ((bundle != null) == signedJar) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give the artifact's bundle with --bundle FILE, or --signed-jar (exactly one)");
    }
    Path evidencePath = evidence != null ? evidence
        : signedJar ? artifact.resolveSibling(artifact.getFileName() + ".mayfly.json")
        : defaultEvidence(bundle);
    BundleVerifierOptions.Builder options = BundleVerifierOptions.builder();
    if (trustedRoot != null) {
      options.trustedRoot(TrustedRoot.parseJson(Files.readAllBytes(trustedRoot)));
    }
    if ((policyHash != null) == anyPolicy) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "give the expected TEE policy hash with --policy-hash, or --accept-any-policy-insecure");
    }
    if (anyPolicy) {
      err.println("note: --accept-any-policy-insecure: any TEE policy is accepted");
      options.acceptAnyTeePolicyHashInsecure();
    } else {
      options.teePolicyHash(CliOptions.hex(spec.commandLine(), policyHash, 32, "--policy-hash"));
    }
    int approverChoices = (approvers != null ? 1 : 0) + (approversDigest != null ? 1 : 0)
        + (trustRecordedApprovers ? 1 : 0);
    if (approverChoices != 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "give the expected approval "
          + "policy with --approvers FILE or --approvers-digest HEX, or "
          + "--trust-recorded-approvers-insecure (exactly one)");
    }
    if (approvers != null) {
      options.approvalPolicy(ApprovalPolicy.parseJson(Files.readAllBytes(approvers)));
    } else if (approversDigest != null) {
      options.approvalPolicyDigest(
          CliOptions.hex(spec.commandLine(), approversDigest, 32, "--approvers-digest"));
    } else {
      err.println("note: --trust-recorded-approvers-insecure: the evidence's own approvers are "
          + "trusted");
      options.approvalPolicyFromEvidenceInsecure();
    }
    if (allowSimulated) {
      err.println("note: --allow-simulated: SIMULATED attestation proves nothing about hardware");
      options.allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure();
    }
    BundleVerifier verifier = BundleVerifier.create(options.build());
    String expectedName = name != null ? name : artifact.getFileName().toString();
    VerifiedArtifact verified = signedJar
        ? verifier.verifySignedJar(Files.readAllBytes(artifact), expectedName,
            Files.readAllBytes(evidencePath))
        : verifier.verify(Files.readAllBytes(artifact), Files.readAllBytes(bundle),
            Files.readAllBytes(evidencePath));
    if (!verified.artifactName().equals(expectedName)) {
      // Another artifact of the same release, with its own bundle, served under this name.
      throw new dev.mayfly.cert.CertVerificationException(ErrorCode.CERT_ARTIFACT_MISMATCH,
          artifact.getFileName() + " is the session's " + verified.artifactName() + ", not "
              + expectedName + " (give the approved name with --name if the file was renamed)");
    }
    if (json) {
      JsonObject result = new JsonObject();
      result.addProperty("valid", true);
      result.addProperty("artifact", artifact.toString());
      result.addProperty("signedAt", verified.signingTime().toString());
      result.addProperty("timestamped", verified.timestamped());
      result.addProperty("algorithm", verified.algorithm().id());
      result.addProperty("issuance", verified.mode().name());
      result.addProperty("threshold", verified.threshold());
      result.addProperty("parties", verified.parties().size());
      result.addProperty("approvalsCounted", verified.approvalsCounted());
      result.addProperty("certificateSerial",
          verified.certificate().getSerialNumber().toString(16));
      result.addProperty("simulated", verified.simulated());
      out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
    } else {
      out.println("OK: " + artifact.getFileName() + " signed by a " + verified.threshold()
          + "-of-" + verified.parties().size() + " " + verified.algorithm().id() + " group at "
          + verified.signingTime() + (verified.timestamped() ? " (timestamped)" : "") + ", "
          + verified.approvalsCounted() + " approvals, "
          + (signedJar ? "JAR signature over approved " + verified.artifactName() + ", " : "")
          + "certificate "
          + verified.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
          + " serial " + verified.certificate().getSerialNumber().toString(16)
          + (verified.simulated() ? ", SIMULATED attestation" : ""));
    }
    return ExitCodes.OK;
  }

  private static Path defaultEvidence(Path bundle) {
    String name = bundle.getFileName().toString();
    String base = name.endsWith(BUNDLE_SUFFIX)
        ? name.substring(0, name.length() - BUNDLE_SUFFIX.length()) : name;
    return bundle.resolveSibling(base + ".mayfly.json");
  }
}
