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
    DecoderContract.decodeToFixedPoint(input, CertVerificationException.class,
            e -> e.code() == ErrorCode.CERT_EVIDENCE_MALFORMED
                || e.code() == ErrorCode.CERT_EVIDENCE_TAMPERED,
            EvidenceDocument::parseJson, EvidenceDocument::toJsonBytes)
        .ifPresent(document -> assertArrayEquals(document.digest(),
            DecoderContract.decode(input.length, CertVerificationException.class,
                () -> EvidenceDocument.parseJson(document.toJsonBytes())).orElseThrow().digest()));
  }
}
