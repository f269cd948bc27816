package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.testsupport.DecoderContract;
import java.nio.charset.StandardCharsets;

/** Evidence JSON (report and chain) from outside: a value that round-trips, or SNP_CERT_MALFORMED. */
class EvidenceJsonFuzzTest {
  @FuzzTest
  void parseJson(byte[] input) {
    String json = new String(input, StandardCharsets.UTF_8);
    DecoderContract.decode(input.length, AttestationException.class,
            e -> e.code() == ErrorCode.SNP_CERT_MALFORMED, () -> Evidence.parseJson(json))
        .ifPresent(evidence -> {
          String encoded = evidence.toJson();
          Evidence again = DecoderContract.decode(encoded.length(), AttestationException.class,
              () -> Evidence.parseJson(encoded)).orElseThrow();
          assertArrayEquals(evidence.reportBytes(), again.reportBytes());
          assertEquals(evidence.certificateChain().size(), again.certificateChain().size());
          assertEquals(encoded, again.toJson());
        });
  }
}
