package dev.mayfly.cert.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/** Sigstore trusted roots from outside: a root that round-trips, or CERT_BUNDLE_MALFORMED. */
class TrustedRootFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decode(input.length, CertVerificationException.class,
            e -> e.code() == ErrorCode.CERT_BUNDLE_MALFORMED, () -> TrustedRoot.parseJson(input))
        .ifPresent(root -> {
          byte[] encoded = root.toJsonBytes();
          TrustedRoot again = DecoderContract.decode(encoded.length,
              CertVerificationException.class, () -> TrustedRoot.parseJson(encoded)).orElseThrow();
          assertArrayEquals(encoded, again.toJsonBytes());
        });
  }
}
