package dev.mayfly.simulation.ceremony;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.common.PartyId;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalCeremonyTest {
  @Test
  void run_twoOfThree_everyPartySignsTheSameAndDestroysEverySecret() throws Exception {
    LocalCeremony.Outcome outcome = LocalCeremony.builder().build().run();

    assertTrue(outcome.succeeded(), () -> outcome.aborts().toString());
    PartyResult first = outcome.results().get(PartyId.of(1));
    for (PartyResult result : outcome.results().values()) {
      assertArrayEquals(first.artifactSignature(), result.artifactSignature());
      assertArrayEquals(first.transcriptHash(), result.transcriptHash());
    }
    outcome.secretsAlive().values().forEach(alive -> assertEquals(0, alive));
    PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(
        new X509EncodedKeySpec(first.groupKey().subjectPublicKeyInfo()));
    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(key);
    jdk.update("Mayfly sample artifact\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(jdk.verify(first.artifactSignature()));
    assertEquals(List.of("sample-artifact.txt.sig", "sample-artifact.txt.crt.pem",
        "sample-artifact.txt.pub.pem", "sample-artifact.txt.sigstore.json",
        "sample-artifact.txt.mayfly.json"), outcome.output().orElseThrow().fileNames());
  }
}
