package dev.mayfly.snp.verify;

import static dev.mayfly.snp.verify.SnpVerifierTest.assertRefused;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.evidence.Evidence;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationTest {
  private static final Instant NOW = Vectors.AT;
  private final Evidence evidence =
      SimulatedEvidenceProvider.builder(Simulated.chip()).build().getEvidence(new byte[64]);

  private static SnpVerifier verifier(byte[] crl, boolean require) {
    SnpVerifyOptions.Builder b = SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .allowSimulatedEvidenceInsecure().requireRevocationCheck(require);
    if (crl != null) {
      b.crl(crl);
    }
    return SnpVerifier.create(b.build());
  }

  private static byte[] crl(Instant thisUpdate, Instant nextUpdate, List<BigInteger> revoked) {
    return Simulated.authority().issueCrl(thisUpdate, nextUpdate, revoked);
  }

  @Test
  void verify_freshCrlNotRevoking_verifies() throws AttestationException {
    byte[] crl = crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
        List.of(BigInteger.valueOf(99)));
    assertTrue(verifier(crl, true).verify(evidence).isSimulated());
  }

  @Test
  void verify_crlRevokingAsk_throwsRevoked() {
    byte[] crl = crl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
        List.of(Simulated.authority().askSerial()));
    assertRefused(ErrorCode.SNP_CERT_REVOKED, () -> verifier(crl, false).verify(evidence));
  }

  @Test
  void verify_expiredCrl_throwsStale() {
    byte[] crl = crl(NOW.minus(Duration.ofDays(10)), NOW.minus(Duration.ofDays(1)), List.of());
    assertRefused(ErrorCode.SNP_CRL_STALE, () -> verifier(crl, false).verify(evidence));
  }

  @Test
  void verify_crlFromImpostorWithSameName_throwsCrlInvalid() {
    SimulatedAuthority impostor =
        SimulatedAuthority.generate(Product.MILAN, new SecureRandom(), NOW);
    byte[] crl = impostor.issueCrl(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
        List.of());
    impostor.close();
    assertRefused(ErrorCode.SNP_CRL_INVALID, () -> verifier(crl, false).verify(evidence));
    assertRefused(ErrorCode.SNP_CRL_INVALID,
        () -> verifier(new byte[] {0x30, 0}, false).verify(evidence));
  }

  @Test
  void verify_requiredButNoCrl_throwsCrlUnavailable() {
    AttestationException e = org.junit.jupiter.api.Assertions.assertThrows(
        AttestationException.class, () -> verifier(null, true).verify(evidence));
    org.junit.jupiter.api.Assertions.assertEquals(ErrorCode.SNP_CRL_UNAVAILABLE, e.code());
    assertTrue(e.isRetryable());
  }
}
