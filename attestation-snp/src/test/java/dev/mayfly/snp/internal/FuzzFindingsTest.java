package dev.mayfly.snp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** Inputs the fuzzer found, refused at parse time with their typed code (docs/testing.md). */
class FuzzFindingsTest {
  private static byte[] input(String path) throws IOException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  /** A UTF8String in the issuer name that is not UTF-8 used to throw from the issuer check. */
  @Test
  void parse_certificateNameNotUtf8_throwsCertMalformed() throws IOException {
    byte[] der = input("AmdCertificateFuzzTestInputs/parse/finding-name-not-utf8.der");
    AttestationException e =
        assertThrows(AttestationException.class, () -> AmdCertificate.parse(der, "VCEK"));
    assertEquals(ErrorCode.SNP_CERT_MALFORMED, e.code());
  }

  /** A revoked entry that is a SET used to throw from revokes(), after parsing succeeded. */
  @Test
  void parse_crlEntryNotASequence_throwsCrlInvalid() throws IOException {
    byte[] der = input("AmdCrlFuzzTestInputs/parse/finding-revoked-entry-not-a-sequence.der");
    AttestationException e = assertThrows(AttestationException.class, () -> AmdCrl.parse(der));
    assertEquals(ErrorCode.SNP_CRL_INVALID, e.code());
  }

  /** A signature BIT STRING with pad bits used to throw IllegalStateException from the check. */
  @Test
  void parse_crlSignatureNotOctetAligned_throwsCrlInvalid() throws IOException {
    byte[] der = input("AmdCrlFuzzTestInputs/parse/finding-signature-not-octet-aligned.der");
    AttestationException e = assertThrows(AttestationException.class, () -> AmdCrl.parse(der));
    assertEquals(ErrorCode.SNP_CRL_INVALID, e.code());
  }
}
