package dev.mayfly.snp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.AttestationReport;
import java.util.List;
import java.util.Set;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/**
 * Any change to one of the 672 signed bytes of a real report (P5) is refused: by the signature
 * check, or earlier by the parser or a binding check when the byte belongs to a checked field.
 */
class SignedRegionPropertyTest {
  private static final SnpVerifier VERIFIER =
      SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build());
  private static final byte[] REPORT = Vectors.P5.report();
  private static final byte[] VCEK = Vectors.P5.leaf();
  private static final Set<ErrorCode> BINDING = Set.of(ErrorCode.SNP_CHIP_ID_MISMATCH,
      ErrorCode.SNP_TCB_MISMATCH, ErrorCode.SNP_SIGNING_KEY_MISMATCH,
      ErrorCode.SNP_PRODUCT_MISMATCH);

  @Test
  void verify_anySignedByteChanged_isRefused() {
    Seeded.forAll(1500, g -> anySignedByteChangedIsRefused(
        g.intBetween(0, AttestationReport.SIGNED_SIZE_BYTES - 1), (byte) g.intBetween(1, 127)));
  }

  private static void anySignedByteChangedIsRefused(int offset, byte xor) {
    byte[] mutated = REPORT.clone();
    mutated[offset] ^= xor;
    AttestationException e =
        assertThrows(AttestationException.class, () -> VERIFIER.verify(mutated, List.of(VCEK)));
    boolean parses = parses(mutated);
    if (!parses) {
      assertTrue(e.code().name().startsWith("SNP_REPORT_") || e.code().name().contains("SIGNATURE_ALG"),
          e.code().name());
    } else if (inBindingField(offset)) {
      assertTrue(BINDING.contains(e.code()) || e.code() == ErrorCode.SNP_SIGNATURE_INVALID,
          e.code().name());
    } else {
      assertEquals(ErrorCode.SNP_SIGNATURE_INVALID, e.code(), "offset " + offset);
    }
  }

  private static boolean parses(byte[] report) {
    try {
      AttestationReport.parse(report);
      return true;
    } catch (AttestationException e) {
      return false;
    }
  }

  /** REPORTED_TCB, CHIP_ID, signer info and CPUID are checked against the VCEK before the signature. */
  private static boolean inBindingField(int offset) {
    return offset >= 0x180 && offset < 0x18B || offset >= 0x1A0 && offset < 0x1E0
        || offset >= 0x48 && offset < 0x4C;
  }
}
