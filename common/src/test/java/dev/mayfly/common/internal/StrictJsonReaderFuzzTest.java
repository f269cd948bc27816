package dev.mayfly.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonObject;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.testsupport.DecoderContract;
import java.nio.charset.StandardCharsets;

/**
 * The shared strict JSON reader on any bytes: one object whose compact form reads back to the
 * same tree, or the caller's typed refusal; never an exception of Gson's own.
 */
class StrictJsonReaderFuzzTest {
  private static final ErrorCode CODE = ErrorCode.CERT_BUNDLE_MALFORMED;

  @FuzzTest
  void parseObject(byte[] input) {
    DecoderContract.decode(input.length, MayflyException.class, e -> e.code() == CODE,
            () -> read(input))
        .ifPresent(tree -> {
          byte[] compact = tree.toString().getBytes(StandardCharsets.UTF_8);
          JsonObject again = DecoderContract.decode(compact.length, MayflyException.class,
              () -> read(compact)).orElseThrow();
          assertEquals(tree, again);
        });
  }

  private static JsonObject read(byte[] json) throws MayflyException {
    return StrictJsonReader.parseObject(json, 1 << 20, "fuzzed document",
        (message, cause) -> new MayflyException(CODE, message, cause));
  }
}
