package dev.mayfly.ceremony;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ceremonies with DKLs23 threshold ECDSA P-256: standard ECDSA out, faults named as with FROST. */
class EcdsaCeremonyTest {
  @TempDir Path dir;

  private static LocalCeremony.Builder ecdsa() {
    return LocalCeremony.builder().algorithm(GroupKeyAlgorithm.ECDSA_P256)
        .phaseTimeout(Duration.ofSeconds(30));
  }

  @Test
  void run_twoOfThree_signsAStandardEcdsaSignatureEveryVerifierAccepts() throws Exception {
    try (LocalCeremony ceremony = ecdsa().build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
      outcome.secretsAlive().values().forEach(alive -> assertEquals(0, alive));
      PartyResult result = outcome.results().get(PartyId.of(3));  // a non-signer
      for (PartyResult other : outcome.results().values()) {
        assertTrue(java.util.Arrays.equals(result.artifactSignature(), other.artifactSignature()));
      }
      PublicKey key = KeyFactory.getInstance("EC").generatePublic(
          new X509EncodedKeySpec(result.groupKey().subjectPublicKeyInfo()));
      Signature jdk = Signature.getInstance("SHA256withECDSA");
      jdk.initVerify(key);
      jdk.update(CeremonyTestSupport.SAMPLE);
      assertTrue(jdk.verify(result.artifactSignature()));

      CeremonyOutput output = outcome.output().orElseThrow();
      SigstoreBundle bundle = SigstoreBundle.parseJson(
          output.file(output.name() + ".sigstore.json"));
      assertEquals(SigstoreBundle.Kind.MESSAGE_SIGNATURE, bundle.kind());
      output.writeTo(dir);
      Files.write(dir.resolve("artifact"), CeremonyTestSupport.SAMPLE);
      Process openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-verify",
          output.name() + ".pub.pem", "-signature", output.name() + ".sig", "artifact")
          .directory(dir.toFile()).redirectErrorStream(true).start();
      String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, openssl.exitValue(), said);
    }
  }

  @Test
  void run_equivocatingSigner_everyHonestPartyNamesIt() throws Exception {
    try (LocalCeremony ceremony = ecdsa().faults("equivocate:2@sign:4").build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      CeremonyException abort = outcome.honestAbort().orElseThrow(
          () -> new AssertionError(outcome.aborts().toString()));
      assertEquals(ErrorCode.TRANSPORT_EQUIVOCATION, abort.code());
      assertEquals(List.of(PartyId.of(2)), abort.culprits());
      outcome.secretsAlive().values().forEach(alive -> assertEquals(0, alive));
    }
  }

  @Test
  void run_signerCrashesInSigning_everyPartyRecordsTheSilenceWithoutBlame() throws Exception {
    // Only the signing phase, where the crash is, has the short timeout: a loaded machine must
    // not turn the slow ECDSA key generation into a different outcome.
    try (LocalCeremony ceremony = ecdsa().phaseTimeout(CeremonyPhase.SIGN, Duration.ofSeconds(3))
        .abortWindow(Duration.ofSeconds(1)).faults("crash:1@sign").build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      OutcomeRecord record = CeremonyTestSupport.assertAgreed(outcome, List.of(PartyId.of(2),
          PartyId.of(3)), ErrorCode.TRANSPORT_TIMEOUT);
      assertTrue(record.reports().stream().allMatch(r -> r.accused().equals(List.of(
          PartyId.of(1)))), record::toString);
    }
  }

  @Test
  void run_signerSendsUndecryptableRound_isReportedByItsRecipient() throws Exception {
    try (LocalCeremony ceremony = ecdsa().tamper(PartyId.of(1), (tag, payload) ->
        tag.phase().equals("sign") && tag.round() == 2
            ? dev.mayfly.ceremony.internal.Messages.opaque(
                dev.mayfly.ceremony.internal.Messages.TYPE_SEALED, new byte[64])
            : payload).build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      // Only the recipient can read a sealed round: it reports the sender, nobody is proven.
      OutcomeRecord record = CeremonyTestSupport.assertAgreed(outcome, outcome.honestParties(),
          ErrorCode.CEREMONY_HPKE_FAILURE);
      assertEquals(new OutcomeRecord.Report(PartyId.of(2), ErrorCode.CEREMONY_HPKE_FAILURE,
          List.of(PartyId.of(1)), "sign/2"), record.reports().get(0));
    }
  }
}
