package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Shared checks of the ceremony tests. */
final class CeremonyTestSupport {
  static final byte[] SAMPLE = "Mayfly sample artifact\n".getBytes(
      java.nio.charset.StandardCharsets.UTF_8);

  private CeremonyTestSupport() {}

  /**
   * Every party ended with the same result; the raw signature verifies with the JDK over the
   * artifact; the assembled bundle verifies with the bundle verifier (simulated evidence allowed).
   */
  static VerifiedArtifact assertVerifies(LocalCeremony.Outcome outcome) throws Exception {
    return assertVerifies(outcome, true);
  }

  /** As {@link #assertVerifies(LocalCeremony.Outcome)}; {@code raw}: the artifact itself is signed. */
  static VerifiedArtifact assertVerifies(LocalCeremony.Outcome outcome, boolean raw)
      throws Exception {
    PartyResult first = outcome.results().values().iterator().next();
    for (PartyResult result : outcome.results().values()) {
      assertArrayEquals(first.artifactSignature(), result.artifactSignature());
      assertArrayEquals(first.transcriptHash(), result.transcriptHash());
      assertArrayEquals(first.groupKey().subjectPublicKeyInfo(),
          result.groupKey().subjectPublicKeyInfo());
    }
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
        new X509EncodedKeySpec(first.groupKey().subjectPublicKeyInfo()));
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(key);
    jdk.update(raw ? SAMPLE : dev.mayfly.cert.bundle.SigstoreBundles.statementPreAuthEncoding(
        first.statement().orElseThrow()));
    assertTrue(jdk.verify(first.artifactSignature()), "JDK refuses the artifact signature");
    CeremonyOutput output = outcome.output().orElseThrow();
    String name = output.name();
    return BundleVerifier.create(BundleVerifierOptions.builder()
            .teePolicyHash(outcome.proposal().teePolicyHash())
            .approvalPolicy(outcome.proposal().approvalPolicy())
            .allowSimulatedEvidenceInsecure()
            .trustRecordedTimestampAuthorityInsecure()
            .build())
        .verify(SAMPLE, output.file(name + ".sigstore.json"), output.file(name + ".mayfly.json"));
  }
}
