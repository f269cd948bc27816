package dev.mayfly.snp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.trust.AmdRoots;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SnpVerifierTest {
  private static final SnpVerifier VERIFIER =
      SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build());

  static void assertRefused(ErrorCode code, Executable call) {
    AttestationException e = assertThrows(AttestationException.class, call);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void verify_otherChipsVcek_throwsChipIdMismatch() {
    assertRefused(ErrorCode.SNP_CHIP_ID_MISMATCH,
        () -> VERIFIER.verify(Vectors.P1.report(), List.of(Vectors.P2.leaf())));
  }

  @Test
  void verify_vlekPresentedAsVcek_throwsSigningKeyMismatch() {
    assertRefused(ErrorCode.SNP_SIGNING_KEY_MISMATCH,
        () -> VERIFIER.verify(Vectors.P1.report(), List.of(Vectors.P4.leaf())));
    assertRefused(ErrorCode.SNP_SIGNING_KEY_MISMATCH,
        () -> VERIFIER.verify(Vectors.P4.report(), List.of(Vectors.P1.leaf())));
  }

  @Test
  void verify_turinVcekUnderGenoaChain_throwsIssuerMismatch() {
    List<byte[]> genoa = Vectors.certs("go-sev-guest/trust/ask_ark_genoa.pem");
    assertRefused(ErrorCode.SNP_CERT_ISSUER_MISMATCH, () -> VERIFIER.verify(
        Vectors.P7.report(), List.of(Vectors.P7.leaf(), genoa.get(0), genoa.get(1))));
    assertRefused(ErrorCode.SNP_CERT_ISSUER_MISMATCH, () -> VERIFIER.verify(
        Vectors.P7.report(), List.of(Vectors.P7.leaf(), genoa.get(0))));
  }

  @Test
  void verify_brokenLegacyVcek_throwsCertSignatureInvalid() {
    byte[] broken = Vectors.certs("trustee/snp/test-vcek-invalid-legacy.der").get(0);
    assertRefused(ErrorCode.SNP_CERT_SIGNATURE_INVALID,
        () -> VERIFIER.verify(Vectors.P3.report(), List.of(broken)));
  }

  @Test
  void verify_brokenNewVcekWithWrappedHwId_throwsExtensionInvalid() {
    // hwID is DER-wrapped (04 40 ...), 66 bytes instead of the raw 64: refused before its
    // (also invalid) signature is checked
    byte[] broken = Vectors.certs("trustee/snp/test-vcek-invalid-new.der").get(0);
    assertRefused(ErrorCode.SNP_CERT_EXTENSION_INVALID,
        () -> VERIFIER.verify(Vectors.P3.report(), List.of(broken)));
  }

  @Test
  void verify_timeOutsideValidity_throwsOutsideValidity() {
    SnpVerifier late = SnpVerifier.create(SnpVerifyOptions.builder()
        .clock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC)).build());
    assertRefused(ErrorCode.SNP_CERT_OUTSIDE_VALIDITY,
        () -> late.verify(Vectors.P4.report(), List.of(Vectors.P4.leaf())));
    SnpVerifier early = SnpVerifier.create(SnpVerifyOptions.builder()
        .clock(Clock.fixed(Instant.parse("2020-01-01T00:00:00Z"), ZoneOffset.UTC)).build());
    assertRefused(ErrorCode.SNP_CERT_OUTSIDE_VALIDITY,
        () -> early.verify(Vectors.P2.report(), List.of(Vectors.P2.leaf())));
  }

  @Test
  void verify_clockIsReadOnEveryCall_notAtBuild() throws AttestationException {
    Instant[] now = {Vectors.AT};
    Clock moving = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    SnpVerifier verifier = SnpVerifier.create(SnpVerifyOptions.builder().clock(moving).build());
    verifier.verify(Vectors.P4.report(), List.of(Vectors.P4.leaf()));
    now[0] = Instant.parse("2026-01-01T00:00:00Z");
    assertRefused(ErrorCode.SNP_CERT_OUTSIDE_VALIDITY,
        () -> verifier.verify(Vectors.P4.report(), List.of(Vectors.P4.leaf())));
  }

  @Test
  void verify_flippedMeasurementByte_throwsSignatureInvalid() {
    byte[] report = Vectors.P2.report();
    report[0x90] ^= 1;
    assertRefused(ErrorCode.SNP_SIGNATURE_INVALID,
        () -> VERIFIER.verify(report, List.of(Vectors.P2.leaf())));
  }

  @Test
  void verify_maskedChipKey_throwsSignatureInvalid() {
    byte[] report = Vectors.P2.report();
    report[0x48] |= 2;
    assertRefused(ErrorCode.SNP_SIGNATURE_INVALID,
        () -> VERIFIER.verify(report, List.of(Vectors.P2.leaf())));
  }

  @Test
  void verify_garbageCertificate_throwsCertMalformed() {
    assertRefused(ErrorCode.SNP_CERT_MALFORMED,
        () -> VERIFIER.verify(Vectors.P2.report(), List.of(new byte[] {0x30, 0x03, 1, 2, 3})));
  }

  @Test
  void verify_askAsLeaf_throwsExtensionInvalid() {
    byte[] ask = AmdRoots.embedded().askDer(Product.MILAN);
    assertRefused(ErrorCode.SNP_CERT_EXTENSION_INVALID,
        () -> VERIFIER.verify(Vectors.P2.report(), List.of(ask)));
  }

  @Test
  void verify_fourCertificates_throwsShapeInvalid() {
    byte[] leaf = Vectors.P2.leaf();
    assertRefused(ErrorCode.SNP_CERT_SHAPE_INVALID,
        () -> VERIFIER.verify(Vectors.P2.report(), List.of(leaf, leaf, leaf, leaf)));
  }

  @Test
  void verify_noCertificateOffline_throwsCertMissing() {
    assertRefused(ErrorCode.SNP_CERT_MISSING, () -> VERIFIER.verify(Vectors.P2.report(), List.of()));
  }

  @Test
  void verify_untrustedProductRoot_throwsRootUntrusted() {
    SnpVerifier genoaOnly = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .trustedRoots(AmdRoots.embedded().restrictTo(EnumSet.of(Product.GENOA))).build());
    assertRefused(ErrorCode.SNP_ROOT_UNTRUSTED,
        () -> genoaOnly.verify(Vectors.P2.report(), List.of(Vectors.P2.leaf())));
  }

  @Test
  void verify_callerProductAgainstCpuid_throwsProductMismatch() {
    SnpVerifier milan = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .product(Product.MILAN).build());
    assertRefused(ErrorCode.SNP_PRODUCT_MISMATCH,
        () -> milan.verify(Vectors.P6.report(), List.of(Vectors.P6.leaf())));
  }

  @Test
  void verify_cachedChain_stillChecksEachReport() throws AttestationException {
    SnpVerifier verifier = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build());
    verifier.verify(Vectors.P5.report(), List.of(Vectors.P5.leaf()));
    byte[] tampered = Vectors.P5.report();
    tampered[0x50] ^= 0x40;
    assertRefused(ErrorCode.SNP_SIGNATURE_INVALID,
        () -> verifier.verify(tampered, List.of(Vectors.P5.leaf())));
  }
}
