package dev.mayfly.maven.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The names of a release's shared files, and writing files all or nothing one by one. */
public final class ReleaseFiles {
  /** The release's one certificate, PEM. */
  public static final String CERTIFICATE = "release.crt.pem";
  /** The approval policy (approvers and quorum) a verifier must expect. */
  public static final String APPROVERS = "release.approvers.json";
  /** The Sigstore trusted root (simulated mode with the test CA). */
  public static final String TRUSTED_ROOT = "trusted_root.json";
  /** The release's list (names and digests) written by {@code mayfly.listOnly}. */
  public static final String LIST = "release-list.json";
  /** The plugin's summary of the release: session, certificate, each artifact and its digest. */
  public static final String SUMMARY = "release.json";

  private ReleaseFiles() {}

  /** The SHA-256 of the certificate in {@code pem} (its DER), hex. */
  public static String certificateSha256Hex(byte[] pem) throws MayflyException {
    try {
      X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem));
      return HexFormat.of().formatHex(sha256(certificate.getEncoded()));
    } catch (CertificateException e) {
      throw new MayflyException(ErrorCode.CERT_BUNDLE_MALFORMED,
          "the release certificate does not parse: " + e.getMessage(), e);
    }
  }

  /** SHA-256 of {@code bytes}. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /**
   * The content of {@code artifact}.
   *
   * @throws MayflyException {@code CEREMONY_OUTPUT_FAILED} if it cannot be read
   */
  public static byte[] read(ReleaseArtifact artifact) throws MayflyException {
    try {
      return Files.readAllBytes(artifact.file());
    } catch (IOException e) {
      throw new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED,
          "cannot read " + artifact.file() + ": " + e, e);
    }
  }

  /** Writes {@code bytes} to {@code target} through a temporary file in the same folder. */
  public static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.toAbsolutePath().getParent());
    Path temporary = Files.createTempFile(target.toAbsolutePath().getParent(),
        "." + target.getFileName(), ".tmp");
    try {
      Files.write(temporary, bytes);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
