package dev.mayfly.ceremony;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ArtifactDigest;
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
import org.jspecify.annotations.Nullable;

/**
 * The files of one successful ceremony (DESIGN.md section 8), in memory. Per artifact ({@link
 * #artifacts()}): {@code NAME.sig} and {@code NAME.sigstore.json}. Shared by every artifact of the
 * session: {@code SHARED.crt.pem}, {@code SHARED.pub.pem}, {@code SHARED.mayfly.json} and, for
 * CA-issued certificates, {@code trusted_root.json}. {@code SHARED} is the artifact's name in a
 * one-artifact session (so its files are exactly those of earlier releases) and the release name
 * given to the assembler (default {@value BundleAssembler#DEFAULT_RELEASE_NAME}) otherwise.
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
  private final List<Artifact> artifacts;

  CeremonyOutput(String name, Map<String, byte[]> files, List<Entry> entries) {
    this.name = name;
    Map<String, byte[]> copy = new LinkedHashMap<>();
    files.forEach((file, bytes) -> copy.put(file, bytes.clone()));
    this.files = copy;
    List<Artifact> list = new ArrayList<>();
    for (Entry entry : entries) {
      list.add(new Artifact(entry.artifact(), entry.baseName(), entry.signedJarFileName()));
    }
    this.artifacts = List.copyOf(list);
  }

  /** What the assembler wrote for one artifact. */
  record Entry(ArtifactDigest artifact, String baseName, @Nullable String signedJarFileName) {}

  /**
   * The base name of the shared files: the artifact's file name in a one-artifact session, the
   * release name otherwise.
   */
  public String name() {
    return name;
  }

  /**
   * The output of each artifact, in the proposal's artifact order.
   *
   * @since 0.2.0
   */
  public List<Artifact> artifacts() {
    return artifacts;
  }

  /**
   * The output of the artifact named {@code artifactName} (its name in the proposal).
   *
   * @throws IllegalArgumentException if the session signed no artifact of that name
   * @since 0.2.0
   */
  public Artifact artifact(String artifactName) {
    requireNonNull(artifactName, "artifactName");
    return artifacts.stream().filter(a -> a.artifact().name().equals(artifactName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no artifact " + artifactName));
  }

  /** The file names, in writing order. */
  public List<String> fileNames() {
    return List.copyOf(files.keySet());
  }

  /**
   * The first artifact's {@code NAME.sig} (the only one of a one-artifact session): the artifact
   * signature (raw Ed25519, or DER ECDSA over SHA-256).
   */
  public byte[] signature() {
    return artifacts.get(0).signature();
  }

  /** {@code SHARED.crt.pem}: the ephemeral certificate (and its CA chain), PEM. */
  public byte[] certificatePem() {
    return file(name + ".crt.pem");
  }

  /** {@code SHARED.pub.pem}: the group public key, PEM (what {@code openssl pkeyutl} takes). */
  public byte[] publicKeyPem() {
    return file(name + ".pub.pem");
  }

  /**
   * The first artifact's {@code NAME.sigstore.json} (the only one of a one-artifact session):
   * the Sigstore bundle (certificate, signature, timestamp).
   */
  public byte[] sigstoreBundle() {
    return artifacts.get(0).sigstoreBundle();
  }

  /**
   * {@code SHARED.mayfly.json}: the evidence document (attestation, approvals, receipts), shared by
   * every artifact of the session.
   */
  public byte[] evidence() {
    return file(name + ".mayfly.json");
  }

  /** The file name of {@link #certificatePem()}. */
  public String certificateFileName() {
    return name + ".crt.pem";
  }

  /** The file name of {@link #publicKeyPem()}. */
  public String publicKeyFileName() {
    return name + ".pub.pem";
  }

  /** The file name of {@link #evidence()}. */
  public String evidenceFileName() {
    return name + ".mayfly.json";
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

  /**
   * The output of one artifact of the session: its signature and Sigstore bundle, with the names
   * of their files (and, for a JAR signed in the JAR format, the signed JAR).
   *
   * @since 0.2.0
   */
  public final class Artifact {
    private final ArtifactDigest artifact;
    private final String baseName;
    private final @Nullable String signedJarFileName;

    Artifact(ArtifactDigest artifact, String baseName, @Nullable String signedJarFileName) {
      this.artifact = artifact;
      this.baseName = baseName;
      this.signedJarFileName = signedJarFileName;
    }

    /** The artifact (name and digest) as the proposal names it. */
    public ArtifactDigest artifact() {
      return artifact;
    }

    /** The base name of this artifact's files (the file name of the artifact's name). */
    public String baseName() {
      return baseName;
    }

    /** {@code NAME.sig}. */
    public String signatureFileName() {
      return baseName + ".sig";
    }

    /** {@code NAME.sigstore.json}. */
    public String sigstoreBundleFileName() {
      return baseName + ".sigstore.json";
    }

    /** The raw signature (raw Ed25519, or DER ECDSA over SHA-256), the {@code .sig} file. */
    public byte[] signature() {
      return file(signatureFileName());
    }

    /** The Sigstore bundle of this artifact (the shared certificate, its own signature). */
    public byte[] sigstoreBundle() {
      return file(sigstoreBundleFileName());
    }

    /** The file name of the signed JAR, if this artifact was signed in the JAR format. */
    public Optional<String> signedJarFileName() {
      return Optional.ofNullable(signedJarFileName);
    }

    /** The signed JAR, if this artifact was signed in the JAR format. */
    public Optional<byte[]> signedJar() {
      return signedJarFileName().map(CeremonyOutput.this::file);
    }

    @Override
    public String toString() {
      return "CeremonyOutput.Artifact[" + artifact.name() + "]";
    }
  }
}
