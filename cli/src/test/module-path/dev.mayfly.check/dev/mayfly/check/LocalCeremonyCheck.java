package dev.mayfly.check;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.trust.AmdRoots;
import dev.mayfly.transport.TransportProvider;
import dev.mayfly.transport.TransportRegistry;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Signs an artifact in a simulated local ceremony with each algorithm, verifies the output with
 * {@link BundleVerifier}, and reports what the module system did: whether the Mayfly classes are
 * in named modules, whether an internal package is hidden, which transports ServiceLoader found,
 * and whether the embedded AMD roots load. Prints one line per fact; exits non-zero on any
 * failure (an uncaught exception).
 */
public final class LocalCeremonyCheck {
  private LocalCeremonyCheck() {}

  public static void main(String[] args) throws Exception {
    byte[] artifact = "module path check".getBytes(StandardCharsets.UTF_8);
    for (GroupKeyAlgorithm algorithm : GroupKeyAlgorithm.values()) {
      try (LocalCeremony local = LocalCeremony.builder()
          .algorithm(algorithm).artifact("app.jar", artifact).build()) {
        LocalCeremony.Outcome outcome = local.run();
        CeremonyOutput files = outcome.output().orElseThrow();
        SessionProposal proposal = outcome.proposal();
        VerifiedArtifact verified = BundleVerifier.create(BundleVerifierOptions.builder()
                .teePolicyHash(proposal.teePolicyHash())
                .approvalPolicy(proposal.approvalPolicy())
                .allowSimulatedEvidenceInsecure()
                .trustRecordedTimestampAuthorityInsecure()
                .build())
            .verify(artifact, files.sigstoreBundle(), files.evidence());
        System.out.println("verified " + verified.algorithm() + " " + verified.artifactName());
      }
    }
    Module cert = BundleVerifier.class.getModule();
    System.out.println("module " + cert.getName());
    System.out.println("exports dev.mayfly.cert.internal: "
        + cert.isExported("dev.mayfly.cert.internal"));
    System.out.println("transports " + TransportRegistry.loadDefault().providers().stream()
        .map(TransportProvider::name).sorted().collect(Collectors.joining(",")));
    System.out.println("AMD roots " + AmdRoots.embedded().arkDer(Product.MILAN).length);
  }
}
