package dev.mayfly.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.snp.validate.TeePolicy;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote mode's configuration checks, before anything is proposed. */
class RemoteSignerTest {
  private static final String MEASUREMENT = "ab".repeat(48);

  @TempDir
  Path dir;

  private File config;
  private File approval;
  private String policyHash;

  @BeforeEach
  void writeConfiguration() throws Exception {
    String policy = "{\"version\": 1, \"products\": [\"Milan\"], \"measurements\": [\""
        + MEASUREMENT + "\"]}";
    Files.writeString(dir.resolve("policy.json"), policy);
    policyHash = TeePolicy.parseJson(policy).hashHex();
    try (ApproverSigningKey key = ApproverSigningKey.generate(KeyAlgorithm.ED25519)) {
      Files.write(dir.resolve("approvers.json"), ApprovalPolicy.builder()
          .approvers(ApproverSet.builder().approver("alice", key.publicKey()).build())
          .quorum(1).build().toJsonBytes());
    }
    Files.writeString(dir.resolve("sign.json"), "{\"version\": 1, \"parties\": ["
        + "{\"id\": 1, \"address\": \"127.0.0.1:7101\"},"
        + "{\"id\": 2, \"address\": \"127.0.0.1:7102\"}], \"threshold\": 2,"
        + " \"teePolicy\": \"policy.json\", \"approvalPolicy\": \"approvers.json\","
        + " \"timestampAuthority\": {\"testAuthorityInsecure\": true}}");
    config = dir.resolve("sign.json").toFile();
    approval = dir.resolve("alice.approval.json").toFile();
    Files.writeString(approval.toPath(), "{}", StandardCharsets.UTF_8);
  }

  @Test
  void create_matchingPin_accepts() throws Exception {
    RemoteSigner.create(config, policyHash.toUpperCase(java.util.Locale.ROOT), List.of(approval));
  }

  @Test
  void create_configOfAnotherPolicy_throwsPolicyPinMismatch() {
    MayflyException e = assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, "00".repeat(32), List.of(approval)));
    assertEquals(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, e.code());
  }

  @Test
  void create_missingSettings_throwConfigInvalid() {
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(null, policyHash, List.of(approval))).code());
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, null, List.of(approval))).code());
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, "not hex", List.of(approval))).code());
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, policyHash, List.of())).code());
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, policyHash,
            List.of(dir.resolve("missing.json").toFile()))).code());
  }

  @Test
  void create_unreadableConfig_throwsConfigInvalid() throws Exception {
    Files.writeString(config.toPath(), "{\"version\": 1, \"unknown\": true}");
    assertEquals(ErrorCode.CONFIG_INVALID, assertThrows(MayflyException.class,
        () -> RemoteSigner.create(config, policyHash, List.of(approval))).code());
  }
}
