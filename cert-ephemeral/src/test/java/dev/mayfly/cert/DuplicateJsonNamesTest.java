package dev.mayfly.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.bundle.SigstoreBundle;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.evidence.EvidenceDocument;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.JsonEdits;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Bundles, trusted roots and evidence documents refuse a repeated member name with their typed
 * code (before, the reader kept the last of two names). The documents are the fuzz seeds.
 */
class DuplicateJsonNamesTest {
  private interface Parser {
    Object parse(byte[] json) throws CertVerificationException;
  }

  private static void assertRefusesRepeat(String resource, Parser parser, ErrorCode code)
      throws Exception {
    byte[] valid;
    try (InputStream in = DuplicateJsonNamesTest.class.getResourceAsStream(resource)) {
      valid = in.readAllBytes();
    }
    parser.parse(valid); // the document itself is fine
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> parser.parse(JsonEdits.repeatFirstMember(valid)));
    assertEquals(code, e.code());
  }

  @Test
  void sigstoreBundle_repeatedName_refused() throws Exception {
    assertRefusesRepeat("bundle/SigstoreBundleFuzzTestInputs/parseJson/bundle-ed25519.json",
        SigstoreBundle::parseJson, ErrorCode.CERT_BUNDLE_MALFORMED);
  }

  @Test
  void trustedRoot_repeatedName_refused() throws Exception {
    assertRefusesRepeat("bundle/TrustedRootFuzzTestInputs/parseJson/trusted-root-ed25519.json",
        TrustedRoot::parseJson, ErrorCode.CERT_BUNDLE_MALFORMED);
  }

  @Test
  void evidenceDocument_repeatedName_refused() throws Exception {
    assertRefusesRepeat("evidence/EvidenceDocumentFuzzTestInputs/parseJson/evidence-ed25519.json",
        EvidenceDocument::parseJson, ErrorCode.CERT_EVIDENCE_MALFORMED);
  }
}
