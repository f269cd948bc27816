package dev.mayfly.examples;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.Signer;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.simulation.SimulatedDeployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * Example 1: a host that signs an artifact through the SDK's signing entry point ({@link Signer})
 * with its own transport ({@link QueueNetwork}), against a simulated deployment (simulated SEV-SNP
 * chips, test CA and TSA), and checks the output with {@link BundleVerifier}.
 *
 * <p>{@code java dev.mayfly.examples.SignWithOwnTransport [OUT_DIR]} writes the artifact, the five
 * output files, {@code trusted_root.json}, the approval policy ({@code approvers.json}) and the TEE
 * policy hash ({@code tee-policy.hash}) into {@code OUT_DIR} (default {@code mayfly-out}), the
 * inputs of {@link VerifyOutput}. A plain {@code main}, no reflection.
 */
public final class SignWithOwnTransport {
  private SignWithOwnTransport() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "mayfly-out");
    byte[] artifact = "Hello from a host that signs with Mayfly\n".getBytes(StandardCharsets.UTF_8);
    VerifiedArtifact verified = sign(out, "hello.txt", artifact);
    System.out.println("signed " + verified.artifactName() + " (" + verified.threshold() + "-of-"
        + verified.parties().size() + ", SIMULATED attestation) into " + out.toAbsolutePath());
  }

  /**
   * Signs {@code artifact} as {@code name} in a fresh simulated deployment of three parties
   * (threshold 2) over a {@link QueueNetwork}, writes everything into {@code out} and returns what
   * the verifier established.
   */
  public static VerifiedArtifact sign(Path out, String name, byte[] artifact) throws Exception {
    // example:begin
    try (SimulatedDeployment deployment = SimulatedDeployment.builder()
            .issuance(IssuanceMode.CA_ISSUED)          // writes trusted_root.json for Sigstore
            .build();
        QueueNetwork network = new QueueNetwork(deployment.partyIds());   // the host's transport
        Signer signer = deployment.localSimulatedInsecure(network::endpoint)) {
      List<byte[]> approvals = deployment.approve(name, artifact);   // alice and bob approve
      CeremonyOutput output = signer.sign(name, artifact, approvals);
      output.writeTo(out);
      Files.write(out.resolve(name), artifact);
      Files.write(out.resolve("approvers.json"), deployment.approvalPolicy().toJsonBytes());
      Files.writeString(out.resolve("tee-policy.hash"),
          HexFormat.of().formatHex(deployment.teePolicyHash()));
      return BundleVerifier.create(deployment.verifierOptions())
          .verify(artifact, output.sigstoreBundle(), output.evidence());
    }
    // example:end
  }
}
