package dev.mayfly.cert.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

class CertificateValidityPropertyTest {
  private static final PlainSigner SIGNER = PlainSigner.ed25519();

  @Test
  void mint_anyValidityWithinCap_neverOutlivesCap() {
    Seeded.forAll(150, g -> mintNeverOutlivesCap(g.longBetween(1, 86_400),
        g.longBetween(1, 86_400), g.longBetween(1_600_000_000_000L, 2_400_000_000_000L)));
  }

  private static void mintNeverOutlivesCap(long capSeconds, long validitySeconds, long startMillis)
      throws Exception {
    Duration cap = Duration.ofSeconds(capSeconds);
    Duration validity = Duration.ofSeconds(Math.min(validitySeconds, capSeconds));
    CertificateProfile profile = Profiles.sample(SIGNER.groupPublicKey(),
        Instant.ofEpochMilli(startMillis)).maxValidity(cap).validity(validity).build();

    X509Certificate leaf = CertificateMinter.selfAttested().mint(profile, SIGNER).leaf();

    Duration actual = Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    assertTrue(actual.compareTo(cap) <= 0, actual + " > " + cap);
    assertEquals(validity, actual);
    assertTrue(!leaf.getNotBefore().toInstant().isAfter(Instant.ofEpochMilli(startMillis)));
  }

  @Test
  void build_validityAboveCap_refused() {
    Seeded.forAll(100, g -> validityAboveCapRefused(g.longBetween(1, 86_399),
        g.longBetween(1, 86_400)));
  }

  private static void validityAboveCapRefused(long capSeconds, long extraSeconds) {
    assertThrows(IllegalArgumentException.class, () -> Profiles.sample(SIGNER.groupPublicKey(),
            Instant.parse("2026-03-01T00:00:00Z"))
        .maxValidity(Duration.ofSeconds(capSeconds))
        .validity(Duration.ofSeconds(capSeconds + extraSeconds)).build());
  }
}
