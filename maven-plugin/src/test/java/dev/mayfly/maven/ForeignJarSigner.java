package dev.mayfly.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.cert.testing.JdkTools;
import dev.mayfly.cert.testing.OpenSsl;
import java.nio.file.Path;

/** Signs a JAR the way a vendor does, with jarsigner and a fresh self-signed key: not Mayfly. */
public final class ForeignJarSigner {
  private ForeignJarSigner() {}

  /** Signs {@code jar} (a file name in {@code directory}) under signer name {@code alias}. */
  public static void sign(Path directory, String jar, String alias) throws Exception {
    OpenSsl.Result key = JdkTools.run(directory, "keytool", "-genkeypair", "-keyalg", "EC",
        "-groupname", "secp256r1", "-alias", alias, "-keystore", alias + ".p12",
        "-storetype", "PKCS12", "-storepass", "changeit", "-dname", "CN=" + alias,
        "-validity", "2");
    assertEquals(0, key.exitCode(), key.output());
    OpenSsl.Result signed = JdkTools.run(directory, "jarsigner", "-keystore", alias + ".p12",
        "-storepass", "changeit", jar, alias);
    assertEquals(0, signed.exitCode(), signed.output());
  }
}
