package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.util.List;
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
   * Every party in {@code parties} aborted, each with its own record, and the records are equal,
   * with {@code code} and exactly {@code culprits}; nothing was written. Returns the record.
   */
  /**
   * A ceremony for the attack and error-code tests. 10 s, not 5: in the full build these sessions
   * share two cores with the party processes of other modules' tests, and a hello once took longer
   * than 5 s. The cases that wait for a timeout set a shorter one themselves.
   */
  static LocalCeremony.Builder busyBuildCeremony() {
    return LocalCeremony.builder().phaseTimeout(java.time.Duration.ofSeconds(10))
        .abortWindow(java.time.Duration.ofSeconds(2));
  }

  static OutcomeRecord assertAgreed(LocalCeremony.Outcome outcome, List<PartyId> parties,
      ErrorCode code, PartyId... culprits) {
    assertTrue(outcome.output().isEmpty(), "an aborted session must produce no output");
    OutcomeRecord first = null;
    for (PartyId party : parties) {
      CeremonyException abort = outcome.aborts().get(party);
      assertNotNull(abort, () -> party + " did not abort: " + outcome);
      OutcomeRecord record = abort.record();
      assertEquals(code, record.code(), () -> party + ": " + record);
      assertEquals(List.of(culprits), record.culprits(), () -> party + ": " + record);
      assertEquals(record.culprits(), abort.culprits());
      if (first == null) {
        first = record;
      } else {
        assertEquals(first, record, party + " disagrees");
      }
    }
    outcome.secretsAlive().forEach((party, alive) ->
        assertEquals(0, alive, party + " kept secrets alive"));
    return first;
  }

  /** {@code record} holds a report of {@code code} about exactly {@code accused}, and no culprit. */
  static void assertReportedOnly(OutcomeRecord record, ErrorCode code, PartyId... accused) {
    assertEquals(List.of(), record.culprits(), record::toString);
    assertTrue(record.reports().stream().anyMatch(r -> r.code() == code
        && r.accused().equals(List.of(accused))), record::toString);
  }

  /** The result's artifact signature verifies with the JDK over the sample artifact. */
  static void assertSignatureVerifies(PartyResult result) throws Exception {
    boolean ed25519 = result.groupKey().algorithm()
        == dev.mayfly.cert.mint.GroupKeyAlgorithm.ED25519;
    PublicKey key = KeyFactory.getInstance(ed25519 ? "Ed25519" : "EC").generatePublic(
        new X509EncodedKeySpec(result.groupKey().subjectPublicKeyInfo()));
    Signature jdk = Signature.getInstance(ed25519 ? "Ed25519" : "SHA256withECDSA");
    jdk.initVerify(key);
    jdk.update(SAMPLE);
    assertTrue(jdk.verify(result.artifactSignature()), "JDK refuses the artifact signature");
  }

  /** A report as the record lists it. */
  static OutcomeRecord.Report report(PartyId reporter, ErrorCode code, String round,
      PartyId... accused) {
    return new OutcomeRecord.Report(reporter, code, List.of(accused), round);
  }

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
