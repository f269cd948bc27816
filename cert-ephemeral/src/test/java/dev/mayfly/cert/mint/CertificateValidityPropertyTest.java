package dev.mayfly.cert.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.testing.PlainSigner;
import dev.mayfly.cert.testing.Profiles;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

class CertificateValidityPropertyTest {
  private static final PlainSigner SIGNER = PlainSigner.ed25519();

  @Property(tries = 150, seed = "20260301")
  void mint_anyValidityWithinCap_neverOutlivesCap(
      @ForAll @LongRange(min = 1, max = 86_400) long capSeconds,
      @ForAll @LongRange(min = 1, max = 86_400) long validitySeconds,
      @ForAll @LongRange(min = 1_600_000_000_000L, max = 2_400_000_000_000L) long startMillis)
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

  @Property(tries = 100, seed = "20260302")
  void build_validityAboveCap_refused(
      @ForAll @LongRange(min = 1, max = 86_399) long capSeconds,
      @ForAll @LongRange(min = 1, max = 86_400) long extraSeconds) {
    assertThrows(IllegalArgumentException.class, () -> Profiles.sample(SIGNER.groupPublicKey(),
            Instant.parse("2026-03-01T00:00:00Z"))
        .maxValidity(Duration.ofSeconds(capSeconds))
        .validity(Duration.ofSeconds(capSeconds + extraSeconds)).build());
  }
}
