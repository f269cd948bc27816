package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The files of one successful ceremony (DESIGN.md section 8), in memory: {@code NAME.sig},
 * {@code NAME.crt.pem}, {@code NAME.pub.pem}, {@code NAME.sigstore.json}, {@code NAME.mayfly.json}
 * and, for CA-issued certificates, {@code trusted_root.json}.
 *
 * <p>{@link #writeTo(Path)} writes all of them or none: every file goes to a temporary name first
 * and is moved into place only when all were written; on failure the temporary files and anything
 * already moved are removed.
 *
 * @since 0.1.0
 */
public final class CeremonyOutput {
  static final String TRUSTED_ROOT = "trusted_root.json";

  private final String name;
  private final Map<String, byte[]> files;

  CeremonyOutput(String name, Map<String, byte[]> files) {
    this.name = name;
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((file, bytes) -> copy.put(file, bytes.clone()));
    this.files = copy;
  }

  /** The base name of the files (the artifact's file name). */
  public String name() {
    return name;
  }

  /** The file names, in writing order. */
  public List<String> fileNames() {
    return List.copyOf(files.keySet());
  }

  /** {@code NAME.sig}: the artifact signature (raw Ed25519, or DER ECDSA over SHA-256). */
  public byte[] signature() {
    return file(name + ".sig");
  }

  /** {@code NAME.crt.pem}: the ephemeral certificate, PEM. */
  public byte[] certificatePem() {
    return file(name + ".crt.pem");
  }

  /** {@code NAME.pub.pem}: the group public key, PEM (what {@code openssl pkeyutl} takes). */
  public byte[] publicKeyPem() {
    return file(name + ".pub.pem");
  }

  /** {@code NAME.sigstore.json}: the Sigstore bundle (certificate, signature, timestamp). */
  public byte[] sigstoreBundle() {
    return file(name + ".sigstore.json");
  }

  /** {@code NAME.mayfly.json}: the evidence document (attestation, approvals, receipts). */
  public byte[] evidence() {
    return file(name + ".mayfly.json");
  }

  /** {@code trusted_root.json}, written only for CA-issued certificates. */
  public Optional<byte[]> trustedRoot() {
    byte[] bytes = files.get(TRUSTED_ROOT);
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /** The content of {@code fileName} (one of {@link #fileNames()}). */
  public byte[] file(String fileName) {
    byte[] bytes = files.get(requireNonNull(fileName, "fileName"));
    if (bytes == null) {
      throw new IllegalArgumentException("no file " + fileName + " in " + files.keySet());
    }
    return bytes.clone();
  }

  /**
   * Writes every file into {@code directory} (created if missing), replacing files of the same
   * name, all or nothing.
   *
   * @return the written paths, in order
   * @throws CeremonyException {@code CEREMONY_OUTPUT_FAILED} if any file could not be written;
   *     nothing of this output is left behind then
   */
  public List<Path> writeTo(Path directory) throws CeremonyException {
    requireNonNull(directory, "directory");
    List<Path> temporary = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try {
      Files.createDirectories(directory);
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path tmp = Files.createTempFile(directory, "." + file.getKey() + ".", ".tmp");
        temporary.add(tmp);
        Files.write(tmp, file.getValue());
      }
      int i = 0;
      for (String file : files.keySet()) {
        Path target = directory.resolve(file);
        move(temporary.get(i++), target);
        written.add(target);
      }
      return List.copyOf(written);
    } catch (IOException | RuntimeException e) {
      for (Path path : temporary) {
        deleteQuietly(path);
      }
      for (Path path : written) {
        deleteQuietly(path);
      }
      throw new CeremonyException(new OutcomeRecord(ErrorCode.CEREMONY_OUTPUT_FAILED,
          CeremonyPhase.BUNDLE, List.of(), List.of()),
          "could not write the output to " + directory + ": " + e, 0, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: the failure being reported matters more.
    }
  }

  @Override
  public String toString() {
    return "CeremonyOutput[" + files.keySet() + "]";
  }
}
