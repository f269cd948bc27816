package dev.mayfly.cert.jar;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;
import java.util.Set;

/**
 * JAR bytes from outside, planned for signing: a plan, or a CertMintingException with one of the
 * four JAR codes; nothing else (no unchecked exception from the ZIP or manifest readers).
 */
class JarSigningPlanFuzzTest {
  private static final Set<ErrorCode> CODES = Set.of(ErrorCode.CERT_JAR_MALFORMED,
      ErrorCode.CERT_JAR_ALREADY_SIGNED, ErrorCode.CERT_JAR_DUPLICATE_ENTRY,
      ErrorCode.CERT_JAR_ENTRY_UNSIGNABLE);
  private static final JarSigningParameters PARAMETERS =
      JarSigningParameters.of(GroupKeyAlgorithm.ECDSA_P256);

  @FuzzTest
  void create(byte[] input) {
    DecoderContract.decode(input.length, CertMintingException.class,
        e -> CODES.contains(e.code()), () -> JarSigningPlan.create(input, PARAMETERS));
  }
}
