package dev.mayfly.party;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.testsupport.DecoderContract;
import java.nio.file.Path;

/**
 * Party configuration files ({@code mayfly party serve --config}), as an operator or an attacker
 * who can edit them writes them: a configuration, or CONFIG_INVALID naming a key; nothing else.
 * Files the configuration names resolve in a folder that does not exist, so a reference is refused
 * too.
 */
class PartyConfigFuzzTest {
  private static final Path FILE = Path.of("/nonexistent-mayfly-fuzz/config.json");

  @FuzzTest
  void partyConfig(byte[] input) {
    DecoderContract.decode(input.length, ConfigException.class,
        e -> e.code() == ErrorCode.CONFIG_INVALID, () -> PartyConfig.parse(input, FILE));
  }
}
