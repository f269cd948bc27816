package dev.mayfly.cert.tsa;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 3161 responses from outside, checked against a fixed TSA chain and stamped signature (the
 * seed fixture): a verified timestamp, or CERT_TIMESTAMP_INVALID; nothing else.
 */
class TimestampResponseFuzzTest {
  private static final TimestampVerifier VERIFIER = TimestampVerifier.create(chain());
  private static final byte[] SIGNATURE = resource("fixture/stamped-signature.bin");

  @FuzzTest
  void verify(byte[] input) {
    DecoderContract.decode(input.length, CertVerificationException.class,
        e -> e.code() == ErrorCode.CERT_TIMESTAMP_INVALID,
        () -> VERIFIER.verify(input, SIGNATURE));
  }

  private static List<X509Certificate> chain() {
    try (InputStream in = TimestampResponseFuzzTest.class.getResourceAsStream(
        "fixture/tsa-chain.pem")) {
      List<X509Certificate> chain = new ArrayList<>();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      factory.generateCertificates(in).forEach(c -> chain.add((X509Certificate) c));
      return chain;
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("the TSA chain fixture does not load", e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = TimestampResponseFuzzTest.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
