package dev.mayfly.cert.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;

/** Sigstore trusted roots from outside: a value that round-trips, or CERT_BUNDLE_MALFORMED. */
class TrustedRootFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    DecoderContract.decodeToFixedPoint(input, CertVerificationException.class,
        e -> e.code() == ErrorCode.CERT_BUNDLE_MALFORMED, TrustedRoot::parseJson,
        TrustedRoot::toJsonBytes);
  }
}
