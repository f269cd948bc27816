package dev.mayfly.snp.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.testsupport.DecoderContract;
import java.nio.charset.StandardCharsets;

/**
 * TEE policy documents from outside: a policy whose document and hash round-trip, or
 * SNP_POLICY_DOCUMENT_INVALID.
 */
class TeePolicyFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    DecoderContract.decode(input.length, AttestationException.class,
            e -> e.code() == ErrorCode.SNP_POLICY_DOCUMENT_INVALID,
            () -> TeePolicy.parseJson(json))
        .ifPresent(policy -> {
          String encoded = policy.toJson();
          TeePolicy again = DecoderContract.decode(encoded.length(), AttestationException.class,
              () -> TeePolicy.parseJson(encoded)).orElseThrow();
          assertEquals(policy, again);
          assertArrayEquals(policy.hash(), again.hash());
          assertEquals(encoded, again.toJson());
        });
  }
}
