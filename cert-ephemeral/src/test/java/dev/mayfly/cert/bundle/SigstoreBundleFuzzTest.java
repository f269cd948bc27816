package dev.mayfly.cert.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/** Sigstore bundles from outside: a bundle that round-trips, or CERT_BUNDLE_MALFORMED. */
class SigstoreBundleFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decode(input.length, CertVerificationException.class,
            e -> e.code() == ErrorCode.CERT_BUNDLE_MALFORMED, () -> SigstoreBundle.parseJson(input))
        .ifPresent(bundle -> {
          byte[] encoded = bundle.toJsonBytes();
          SigstoreBundle again = DecoderContract.decode(encoded.length,
              CertVerificationException.class, () -> SigstoreBundle.parseJson(encoded))
              .orElseThrow();
          assertArrayEquals(encoded, again.toJsonBytes());
        });
  }
}
