package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one release ceremony produced, as files: for each artifact its {@code .sig}, {@code
 * .sigstore.json} and {@code .mayfly.json} (by artifact name), the JARs signed in the JAR format
 * (by artifact name, for the artifacts the release asked that of), and the files the whole release
 * shares (certificate, public key, approval policy, and in the simulated mode the trusted root).
 * Everything here is public; nothing is secret.
 */
public final class SignedRelease {
  /** The suffixes of an artifact's files, in the order they are attached. */
  public static final List<String> ARTIFACT_SUFFIXES =
      List.of(".sig", ".sigstore.json", ".mayfly.json");

  private final String sessionIdHex;
  private final String certificateSha256Hex;
  private final String summary;
  private final Map<String, Map<String, byte[]>> artifactFiles;
  private final Map<String, byte[]> signedJars;
  private final Map<String, byte[]> sharedFiles;

  /**
   * A release.
   *
   * @param sessionIdHex the ceremony's session id, hex
   * @param certificateSha256Hex the SHA-256 of the certificate's DER, hex
   * @param summary a one-line description (threshold, algorithm, parties, SIMULATED)
   * @param artifactFiles by artifact name: suffix ({@link #ARTIFACT_SUFFIXES}) to bytes
   * @param signedJars by artifact name: the artifact signed in the JAR format (for the artifacts
   *     the release asked that of)
   * @param sharedFiles by file name: bytes
   */
  public SignedRelease(String sessionIdHex, String certificateSha256Hex, String summary,
      Map<String, Map<String, byte[]>> artifactFiles, Map<String, byte[]> signedJars,
      Map<String, byte[]> sharedFiles) {
    this.sessionIdHex = requireNonNull(sessionIdHex, "sessionIdHex");
    this.certificateSha256Hex = requireNonNull(certificateSha256Hex, "certificateSha256Hex");
    this.summary = requireNonNull(summary, "summary");
    Map<String, Map<String, byte[]>> copy = new LinkedHashMap<>();
    artifactFiles.forEach((name, files) -> {
      Map<String, byte[]> inner = new LinkedHashMap<>();
      for (String suffix : ARTIFACT_SUFFIXES) {
        byte[] bytes = files.get(suffix);
        if (bytes == null) {
          throw new IllegalArgumentException(name + " has no " + suffix);
        }
        inner.put(suffix, bytes.clone());
      }
      copy.put(name, inner);
    });
    this.artifactFiles = copy;
    Map<String, byte[]> jars = new LinkedHashMap<>();
    signedJars.forEach((name, bytes) -> {
      if (!copy.containsKey(name)) {
        throw new IllegalArgumentException("a signed JAR for " + name + ", not an artifact");
      }
      jars.put(name, bytes.clone());
    });
    this.signedJars = jars;
    Map<String, byte[]> shared = new LinkedHashMap<>();
    sharedFiles.forEach((name, bytes) -> shared.put(name, bytes.clone()));
    this.sharedFiles = shared;
  }

  public String sessionIdHex() {
    return sessionIdHex;
  }

  public String certificateSha256Hex() {
    return certificateSha256Hex;
  }

  public String summary() {
    return summary;
  }

  /** The names of the signed artifacts, in signing order. */
  public List<String> artifactNames() {
    return List.copyOf(artifactFiles.keySet());
  }

  /** The file of {@code artifactName} with {@code suffix}, if that artifact was signed. */
  public Optional<byte[]> artifactFile(String artifactName, String suffix) {
    Map<String, byte[]> files = artifactFiles.get(artifactName);
    byte[] bytes = files == null ? null : files.get(suffix);
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /** {@code artifactName} signed in the JAR format, if the release asked that of it. */
  public Optional<byte[]> signedJar(String artifactName) {
    byte[] bytes = signedJars.get(artifactName);
    return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
  }

  /**
   * The signed JARs a ceremony {@code returned} for the artifacts it was asked to sign in the
   * JAR format ({@code asked}), checked to be exactly those.
   *
   * @throws MayflyException {@code CEREMONY_OUTPUT_FAILED} if one is missing or one is extra
   */
  public static Map<String, byte[]> signedJars(Set<String> asked, Map<String, byte[]> returned)
      throws MayflyException {
    if (!asked.equals(returned.keySet())) {
      Set<String> missing = new TreeSet<>(asked);
      missing.removeAll(returned.keySet());
      Set<String> extra = new TreeSet<>(returned.keySet());
      extra.removeAll(asked);
      throw new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED, "the ceremony returned signed"
          + " JARs for " + new TreeSet<>(returned.keySet()) + ", asked for " + new TreeSet<>(asked)
          + " (missing " + missing + ", extra " + extra + ")");
    }
    return returned;
  }

  /** The shared files, by name. */
  public Map<String, byte[]> sharedFiles() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    sharedFiles.forEach((name, bytes) -> copy.put(name, bytes.clone()));
    return copy;
  }

  @Override
  public String toString() {
    return "SignedRelease[session " + sessionIdHex + ", " + artifactFiles.size() + " artifacts]";
  }
}
