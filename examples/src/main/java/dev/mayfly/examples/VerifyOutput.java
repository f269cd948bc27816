package dev.mayfly.examples;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Example 2: a verifier that checks a Mayfly output with the SDK's verification entry point
 * ({@link BundleVerifier}), from files only: the artifact, its Sigstore bundle and evidence
 * document, the trusted root (CAs and TSAs), and the verifier's own pins, the approval policy and
 * the TEE policy hash. The same files verify with OpenSSL and the Sigstore JavaScript verifier
 * (see {@code VerifyOutputTest} and docs/integration.md).
 *
 * <p>{@code java dev.mayfly.examples.VerifyOutput DIR NAME}, on what {@link SignWithOwnTransport}
 * wrote. Its output is simulated, so this verifier opts in with the preset whose name says so; a
 * verifier of real output builds its options without it and refuses simulated evidence.
 */
public final class VerifyOutput {
  private VerifyOutput() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: VerifyOutput DIR NAME");
      System.exit(2);
    }
    VerifiedArtifact verified = verify(Path.of(args[0]), args[1], true);
    System.out.println("verified " + verified.artifactName() + ": " + verified.algorithm().id()
        + ", " + verified.approvalsCounted() + " approvals, timestamped "
        + verified.signingTime() + (verified.simulated() ? ", SIMULATED attestation" : ""));
  }

  /**
   * Verifies {@code DIR/NAME} with {@code DIR/NAME.sigstore.json}, {@code DIR/NAME.mayfly.json},
   * {@code DIR/trusted_root.json}, {@code DIR/approvers.json} and {@code DIR/tee-policy.hash}.
   *
   * @param allowSimulated whether simulated attestation is accepted (only to try Mayfly)
   */
  public static VerifiedArtifact verify(Path dir, String name, boolean allowSimulated)
      throws Exception {
    byte[] teePolicyHash = HexFormat.of().parseHex(
        Files.readString(dir.resolve("tee-policy.hash")).strip());
    ApprovalPolicy approvers = ApprovalPolicy.parseJson(
        Files.readAllBytes(dir.resolve("approvers.json")));
    TrustedRoot trustedRoot = TrustedRoot.parseJson(
        Files.readAllBytes(dir.resolve("trusted_root.json")));
    BundleVerifierOptions.Builder options = BundleVerifierOptions.builder();
    if (allowSimulated) {
      options.localSimulatedInsecure(teePolicyHash, approvers, trustedRoot);
    } else {
      options.teePolicyHash(teePolicyHash).approvalPolicy(approvers).trustedRoot(trustedRoot);
    }
    return BundleVerifier.create(options.build()).verify(
        Files.readAllBytes(dir.resolve(name)),
        Files.readAllBytes(dir.resolve(name + ".sigstore.json")),
        Files.readAllBytes(dir.resolve(name + ".mayfly.json")));
  }
}
