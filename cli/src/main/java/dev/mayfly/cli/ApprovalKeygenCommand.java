package dev.mayfly.cli;

import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly approval keygen}: a new approver key pair, {@code PREFIX.key.pem} (PKCS #8,
 * owner-only permissions, never overwritten) and {@code PREFIX.pub.pem}.
 *
 * @since 0.1.0
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = "Create an approver key pair: PREFIX.key.pem (private) and PREFIX.pub.pem.")
public final class ApprovalKeygenCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--algorithm", paramLabel = "ALG",
      description = "ed25519 (default) or ecdsa-p256.")
  String algorithm = "ed25519";

  @Option(names = "--out", required = true, paramLabel = "PREFIX",
      description = "Path prefix of the two files.")
  String prefix;

  @Override
  public Integer call() throws Exception {
    KeyAlgorithm keyAlgorithm;
    try {
      keyAlgorithm = KeyAlgorithm.fromId(algorithm);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--algorithm must be ed25519 or ecdsa-p256, got '" + algorithm + "'");
    }
    Path privatePath = Path.of(prefix + ".key.pem");
    Path publicPath = Path.of(prefix + ".pub.pem");
    try (ApproverSigningKey key = ApproverSigningKey.generate(keyAlgorithm);
        SecretBytes pem = key.toPkcs8Pem()) {
      writePrivate(privatePath, pem);
      Files.writeString(publicPath, key.publicKey().toPem(), StandardCharsets.US_ASCII);
      spec.commandLine().getOut().println("key id " + key.publicKey().keyId());
      spec.commandLine().getOut().println("wrote " + privatePath + " (keep it secret) and "
          + publicPath);
    }
    return ExitCodes.OK;
  }

  private static void writePrivate(Path path, SecretBytes pem) throws IOException {
    if (Files.exists(path)) {
      throw new FileAlreadyExistsException(path + " exists; refusing to overwrite a key");
    }
    byte[] bytes = pem.copyBytes(InsecureSecretAccess.get());
    try {
      Files.createFile(path);
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the platform's default permissions apply.
      }
      Files.write(path, bytes, StandardOpenOption.TRUNCATE_EXISTING);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
