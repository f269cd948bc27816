package dev.mayfly.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.tsa.TimestampVerifier;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Inputs the fuzzer found, now refused with their typed code (docs/testing.md). */
class FuzzFindingsTest {
  private static byte[] input(String path) throws IOException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  /** An authority whose name does not decode used to parse, then throw when written back. */
  @Test
  void trustedRoot_authorityNameNotUtf8_throwsBundleMalformed() throws IOException {
    byte[] json = input(
        "bundle/TrustedRootFuzzTestInputs/parseJson/finding-authority-name-not-utf8.json");
    CertVerificationException e =
        assertThrows(CertVerificationException.class, () -> TrustedRoot.parseJson(json));
    assertEquals(ErrorCode.CERT_BUNDLE_MALFORMED, e.code());
  }

  /** A malformed certificate inside the token used to throw IllegalArgumentException. */
  @Test
  void timestamp_embeddedCertificateMalformed_throwsTimestampInvalid() throws Exception {
    byte[] response = input(
        "tsa/TimestampResponseFuzzTestInputs/verify/finding-embedded-certificate-malformed.der");
    byte[] signature = input("tsa/fixture/stamped-signature.bin");
    TimestampVerifier verifier = TimestampVerifier.create(chain());
    CertVerificationException e = assertThrows(CertVerificationException.class,
        () -> verifier.verify(response, signature));
    assertEquals(ErrorCode.CERT_TIMESTAMP_INVALID, e.code());
  }

  private static List<X509Certificate> chain() throws IOException, CertificateException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream("tsa/fixture/tsa-chain.pem")) {
      List<X509Certificate> chain = new ArrayList<>();
      CertificateFactory.getInstance("X.509").generateCertificates(in)
          .forEach(c -> chain.add((X509Certificate) c));
      return chain;
    }
  }
}
