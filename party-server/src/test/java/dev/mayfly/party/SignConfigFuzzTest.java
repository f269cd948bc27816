package dev.mayfly.party;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;
import java.nio.file.Path;

/**
 * Signing-client configuration files ({@code mayfly sign --config}), as an operator or an attacker
 * who can edit them writes them: a configuration, or CONFIG_INVALID naming a key; nothing else.
 * Files the configuration names resolve in a folder that does not exist, so a reference is refused
 * too.
 */
class SignConfigFuzzTest {
  private static final Path FILE = Path.of("/nonexistent-mayfly-fuzz/config.json");

  @FuzzTest
  void signConfig(byte[] input) {
    DecoderContract.decode(input.length, ConfigException.class,
        e -> e.code() == ErrorCode.CONFIG_INVALID, () -> SignConfig.parse(input, FILE));
  }
}
