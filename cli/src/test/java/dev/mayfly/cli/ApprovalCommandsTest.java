package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mayfly approval keygen|policy|sign|list}, in process. */
class ApprovalCommandsTest {
  private static final String POLICY_HASH = "ab".repeat(32);

  @TempDir Path dir;

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void keygenPolicySignList_quorumReachedOnlyWithBothApprovals() throws Exception {
    assertEquals(0, CliRun.run("approval", "keygen", "--out", path("alice")).exitCode());
    assertEquals(0, CliRun.run("approval", "keygen", "--algorithm", "ecdsa-p256",
        "--out", path("bob")).exitCode());
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir.resolve("alice.key.pem"))));
    assertEquals(1, CliRun.run("approval", "keygen", "--out", path("alice")).exitCode(),
        "an existing key must never be overwritten");
    assertEquals(0, CliRun.run("approval", "policy", "--approver", "alice=" + path("alice.pub.pem"),
        "--approver", "bob=" + path("bob.pub.pem"), "--quorum", "2", "--out", path("approvers.json"))
        .exitCode());
    Files.writeString(dir.resolve("app.jar"), "bytes of the release");
    for (String who : new String[] {"alice", "bob"}) {
      CliRun sign = CliRun.run("approval", "sign", "--key", path(who + ".key.pem"),
          "--approver", who, "--artifact", path("app.jar"), "--policy-hash", POLICY_HASH,
          "--change", "PR-42", "--out", path(who + ".approval.json"));
      assertEquals(0, sign.exitCode(), sign.err());
    }

    CliRun one = CliRun.run("approval", "list", "--approvers", path("approvers.json"),
        "--artifact", path("app.jar"), "--policy-hash", POLICY_HASH, path("alice.approval.json"));
    assertEquals(1, one.exitCode());
    assertTrue(one.err().startsWith("error: APPROVAL_QUORUM_NOT_MET"), one.err());

    CliRun both = CliRun.run("approval", "list", "--approvers", path("approvers.json"),
        "--artifact", path("app.jar"), "--policy-hash", POLICY_HASH, path("alice.approval.json"),
        path("bob.approval.json"));
    assertEquals(0, both.exitCode(), both.err());
    assertTrue(both.out().contains("2 of 2 required"), both.out());

    CliRun otherPolicy = CliRun.run("approval", "list", "--approvers", path("approvers.json"),
        "--artifact", path("app.jar"), "--policy-hash", "cd".repeat(32),
        path("alice.approval.json"), path("bob.approval.json"));
    assertEquals(1, otherPolicy.exitCode());
    assertTrue(otherPolicy.err().startsWith("error: APPROVAL_WRONG_POLICY"), otherPolicy.err());
  }

  @Test
  void signList_release_approvalCountsOnlyForExactlyItsList() throws Exception {
    assertEquals(0, CliRun.run("approval", "keygen", "--out", path("carol")).exitCode());
    assertEquals(0, CliRun.run("approval", "policy", "--approver",
        "carol=" + path("carol.pub.pem"), "--quorum", "1", "--out", path("approvers.json"))
        .exitCode());
    Files.writeString(dir.resolve("app.jar"), "the jar");
    Files.writeString(dir.resolve("app.pom"), "the pom");
    CliRun sign = CliRun.run("approval", "sign", "--key", path("carol.key.pem"),
        "--approver", "carol", "--artifact", path("app.jar"), "--artifact", path("app.pom"),
        "--policy-hash", POLICY_HASH, "--change", "release 1.0", "--out", path("release.json"));
    assertEquals(0, sign.exitCode(), sign.err());
    assertTrue(sign.out().contains("a release of 2 artifacts") && sign.out().contains("app.pom"),
        sign.out());
    CliRun both = CliRun.run("approval", "list", "--approvers", path("approvers.json"),
        "--artifact", path("app.pom"), "--artifact", path("app.jar"), "--policy-hash",
        POLICY_HASH, path("release.json"));
    assertEquals(0, both.exitCode(), both.err());
    CliRun jarOnly = CliRun.run("approval", "list", "--approvers", path("approvers.json"),
        "--artifact", path("app.jar"), "--policy-hash", POLICY_HASH, path("release.json"));
    assertEquals(1, jarOnly.exitCode());
    assertTrue(jarOnly.err().startsWith("error: APPROVAL_WRONG_DIGEST"), jarOnly.err());
    assertEquals(2, CliRun.run("approval", "sign", "--key", path("carol.key.pem"),
        "--approver", "carol", "--artifact", path("app.jar"), "--artifact", path("app.pom"),
        "--name", "x", "--policy-hash", POLICY_HASH, "--change", "c", "--out", path("o"))
        .exitCode());
  }

  @Test
  void sign_badPolicyHash_exitsTwo() {
    assertEquals(2, CliRun.run("approval", "sign", "--key", path("none"), "--approver", "a",
        "--artifact", path("none"), "--policy-hash", "zz", "--change", "c", "--out", path("o"))
        .exitCode());
  }
}
