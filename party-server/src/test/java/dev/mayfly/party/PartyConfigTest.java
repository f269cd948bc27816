package dev.mayfly.party;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict parsing of {@link PartyConfig} and {@link SignConfig}: every error names its key. */
class PartyConfigTest {
  @TempDir
  static Path dir;

  private static Fixture fixture;

  @BeforeAll
  static void setUp() throws Exception {
    fixture = new Fixture(dir, 3);
  }

  @Test
  void read_fixtureConfig_hasEveryValue() throws Exception {
    PartyConfig config = PartyConfig.read(dir.resolve("party2.json"));
    assertEquals(PartyId.of(2), config.self());
    assertEquals("party-2", config.name());
    assertEquals(Set.of(PartyId.of(1), PartyId.of(3)), config.peers().keySet());
    assertEquals(fixture.policy.hashHex(), config.teePolicy().hashHex());
    assertEquals(PartyConfig.EvidenceSource.SIMULATED_INSECURE, config.evidenceSource());
    assertEquals(Duration.ofSeconds(6), config.phaseTimeout());
    assertEquals(Duration.ofSeconds(2), config.callTimeout());
    assertEquals(2, config.maxConcurrentSessions());
    assertEquals(Set.of(GroupKeyAlgorithm.ED25519, GroupKeyAlgorithm.ECDSA_P256),
        config.limits().allowedAlgorithms());
    SignConfig sign = SignConfig.read(dir.resolve("sign.json"));
    assertEquals(3, sign.parties().size());
    assertEquals(2, sign.threshold());
    assertEquals(true, sign.testTimestampAuthorityInsecure());
  }

  /** The party 1 configuration with {@code from} replaced by {@code to}. */
  private static Path edited(String name, String from, String to) throws Exception {
    String text = Files.readString(dir.resolve("party1.json"));
    if (!text.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    return fixture.write(name, text.replace(from, to));
  }

  private static void assertRefused(Path file, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> PartyConfig.read(file));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals(key, e.key(), e.getMessage());
  }

  @Test
  void read_unknownKey_namesIt() throws Exception {
    assertRefused(edited("unknown.json", "\"version\": 1,", "\"version\": 1, \"colour\": 2,"),
        "colour");
    assertRefused(edited("unknown-nested.json", "\"phaseTimeoutSeconds\": 6,",
        "\"phaseTimeoutSeconds\": 6, \"phaseTimeout\": 6,"), "deadlines.phaseTimeout");
    assertRefused(edited("unknown-peer.json", "{\"id\": 2,", "{\"id\": 2, \"port\": 1,"),
        "peers[0].port");
  }

  @Test
  void read_duplicateKey_namesIt() throws Exception {
    assertRefused(edited("duplicate.json", "\"version\": 1,", "\"version\": 1, \"version\": 1,"),
        "version");
  }

  @Test
  void read_duplicateKeyInSignConfig_namesIt() throws Exception {
    String text = Files.readString(dir.resolve("sign.json"));
    String from = "\"threshold\": 2,";
    if (!text.contains(from)) {
      throw new IllegalArgumentException(from);
    }
    Path file = fixture.write("sign-duplicate.json", text.replace(from, from + " " + from));
    ConfigException e = assertThrows(ConfigException.class, () -> SignConfig.read(file));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals("threshold", e.key(), e.getMessage());
  }

  @Test
  void read_badValues_nameTheKey() throws Exception {
    assertRefused(edited("missing.json", "\"teePolicy\": \"policy.json\", ", ""), "teePolicy");
    assertRefused(edited("type.json", "\"maxConcurrentSessions\": 2",
        "\"maxConcurrentSessions\": \"2\""), "maxConcurrentSessions");
    assertRefused(edited("range.json", "\"phaseTimeoutSeconds\": 6",
        "\"phaseTimeoutSeconds\": 0"), "deadlines.phaseTimeoutSeconds");
    assertRefused(edited("address.json", "\"listen\": \"127.0.0.1:", "\"listen\": \"127.0.0.1"),
        "listen");
    assertRefused(edited("provider.json", "\"simulated-insecure\"", "\"simulated\""),
        "evidence.provider");
    assertRefused(edited("policyfile.json", "\"policy.json\"", "\"no-such-policy.json\""),
        "teePolicy");
    assertRefused(edited("hash.json", "\"teePolicy\": \"policy.json\",",
        "\"teePolicy\": \"policy.json\", \"teePolicyHash\": \"" + "00".repeat(32) + "\","),
        "teePolicyHash");
    assertRefused(edited("algorithm.json", "\"ecdsa-p256\"]", "\"rsa\"]"), "limits.algorithms");
    assertRefused(edited("self.json", "{\"id\": 2,", "{\"id\": 1,"), "peers[0].id");
    assertRefused(edited("null.json", "\"maxConcurrentSessions\": 2",
        "\"maxConcurrentSessions\": null"), "maxConcurrentSessions");
    assertRefused(fixture.write("trailing.json", "{\"version\": 1} {}"), "(file)");
    assertRefused(fixture.write("comment.json", "// no\n{\"version\": 1}"), "(file)");
  }

  @Test
  void readSign_badValues_nameTheKey() throws Exception {
    String text = Files.readString(dir.resolve("sign.json"));
    Path tsa = fixture.write("sign-tsa.json", text.replace("{\"testAuthorityInsecure\": true}",
        "{\"testAuthorityInsecure\": true, \"url\": \"http://tsa.example\"}"));
    ConfigException e = assertThrows(ConfigException.class, () -> SignConfig.read(tsa));
    assertEquals(ErrorCode.CONFIG_INVALID, e.code());
    assertEquals("timestampAuthority.testAuthorityInsecure", e.key());
    Path threshold = fixture.write("sign-threshold.json", text.replace("\"threshold\": 2",
        "\"threshold\": 4"));
    assertEquals("threshold",
        assertThrows(ConfigException.class, () -> SignConfig.read(threshold)).key());
  }
}
