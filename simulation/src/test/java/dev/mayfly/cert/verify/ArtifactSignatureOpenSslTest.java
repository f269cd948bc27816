package dev.mayfly.cert.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.testing.CeremonyFixture;
import dev.mayfly.cert.testing.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSL, as an independent verifier, accepts the raw artifact signature under the leaf's key. */
class ArtifactSignatureOpenSslTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(GroupKeyAlgorithm.class)
  void pkeyutlVerifyRawin_certificateKey_acceptsSignatureAndRefusesOtherArtifact(
      GroupKeyAlgorithm algorithm) throws Exception {
    CeremonyFixture f = new CeremonyFixture(40);
    f.algorithm = algorithm;
    f.run();
    Path leaf = OpenSsl.writePem(dir.resolve("leaf.pem"), f.minted.leaf());
    Files.write(dir.resolve("artifact.bin"), f.artifact);
    Files.write(dir.resolve("other.bin"), "other".getBytes());
    Files.write(dir.resolve("artifact.sig"), f.artifactSignature);
    OpenSsl.Result pub = OpenSsl.run(dir, "x509", "-in", leaf.toString(), "-pubkey", "-noout",
        "-out", "pub.pem");
    assertEquals(0, pub.exitCode(), pub.output());

    OpenSsl.Result ok = OpenSsl.run(dir, command(algorithm, "artifact.bin"));
    OpenSsl.Result bad = OpenSsl.run(dir, command(algorithm, "other.bin"));

    assertEquals(0, ok.exitCode(), ok.output());
    assertTrue(ok.output().contains("Signature Verified Successfully"), ok.output());
    assertNotEquals(0, bad.exitCode(), bad.output());
  }

  private static String[] command(GroupKeyAlgorithm algorithm, String input) {
    List<String> args = new ArrayList<>(List.of("pkeyutl", "-verify", "-rawin", "-pubin",
        "-inkey", "pub.pem", "-in", input, "-sigfile", "artifact.sig"));
    if (algorithm == GroupKeyAlgorithm.ECDSA_P256) {
      args.add("-digest");
      args.add("sha256");
    }
    return args.toArray(new String[0]);
  }
}
