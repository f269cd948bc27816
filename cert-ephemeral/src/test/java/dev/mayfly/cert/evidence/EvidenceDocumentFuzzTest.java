package dev.mayfly.cert.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/**
 * Evidence documents from outside: a document that round-trips (same digest, same bytes), or
 * CERT_EVIDENCE_MALFORMED or CERT_EVIDENCE_TAMPERED.
 */
class EvidenceDocumentFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decode(input.length, CertVerificationException.class,
            e -> e.code() == ErrorCode.CERT_EVIDENCE_MALFORMED
                || e.code() == ErrorCode.CERT_EVIDENCE_TAMPERED,
            () -> EvidenceDocument.parseJson(input))
        .ifPresent(document -> {
          byte[] encoded = document.toJsonBytes();
          EvidenceDocument again = DecoderContract.decode(encoded.length,
              CertVerificationException.class, () -> EvidenceDocument.parseJson(encoded))
              .orElseThrow();
          assertArrayEquals(document.digest(), again.digest());
          assertArrayEquals(encoded, again.toJsonBytes());
        });
  }
}
