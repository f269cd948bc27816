package dev.mayfly.cert.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command as an independent verifier on temporary files. */
public final class OpenSsl {
  private OpenSsl() {}

  /** The result of one run. */
  public record Result(int exitCode, String output) {}

  /** Runs {@code openssl args...} in {@code dir}; fails the test if openssl is missing. */
  public static Result run(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    return runCommand(dir, command, 60);
  }

  /**
   * Runs {@code command} in {@code dir} with stdout and stderr merged, for at most
   * {@code timeoutSeconds}.
   */
  static Result runCommand(Path dir, List<String> command, int timeoutSeconds)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command.get(0) + " timed out");
    }
    return new Result(process.exitValue(), output);
  }

  /** Writes certificates as PEM to {@code file}. */
  public static Path writePem(Path file, X509Certificate... certificates)
      throws IOException, CertificateEncodingException {
    StringBuilder pem = new StringBuilder();
    for (X509Certificate certificate : certificates) {
      pem.append("-----BEGIN CERTIFICATE-----\n")
          .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded()))
          .append("\n-----END CERTIFICATE-----\n");
    }
    Files.writeString(file, pem.toString(), StandardCharsets.US_ASCII);
    return file;
  }
}
