package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Checks published bundles with {@link BundleVerifier} (the logic of {@code mayfly verify}): an
 * artifact {@code NAME}, its bundle {@code NAME.sigstore.json} and its evidence {@code
 * NAME.mayfly.json} beside it, as the sign goal attaches and a repository publishes them.
 */
public final class BundleCheck {
  /** The suffix of a Sigstore bundle beside its artifact. */
  public static final String BUNDLE_SUFFIX = ".sigstore.json";
  /** The suffix of a Mayfly evidence document beside its artifact. */
  public static final String EVIDENCE_SUFFIX = ".mayfly.json";
  /** The suffix of a JAR, which without a bundle beside it must be signed in the JAR format. */
  public static final String JAR_SUFFIX = ".jar";

  private final BundleVerifier verifier;

  public BundleCheck(BundleVerifier verifier) {
    this.verifier = requireNonNull(verifier, "verifier");
  }

  /**
   * The bundles under {@code directory} (recursively), sorted.
   *
   * @throws MayflyException {@code CONFIG_INVALID} if the directory cannot be read
   */
  public static List<Path> bundlesIn(Path directory) throws MayflyException {
    if (!Files.isDirectory(directory)) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, directory + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(BUNDLE_SUFFIX))
          .sorted().toList();
    } catch (IOException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "cannot list " + directory + ": " + e,
          e);
    }
  }

  /**
   * The JARs under {@code directory} (recursively, sorted) without a bundle beside them: each
   * must be a JAR signed in the JAR format ({@link #checkSignedJar}).
   *
   * @throws MayflyException {@code CONFIG_INVALID} if the directory cannot be read
   */
  public static List<Path> jarsWithoutBundleIn(Path directory) throws MayflyException {
    if (!Files.isDirectory(directory)) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, directory + " is not a directory");
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(JAR_SUFFIX))
          .filter(f -> !Files.exists(bundleOf(f)))
          .sorted().toList();
    } catch (IOException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "cannot list " + directory + ": " + e,
          e);
    }
  }

  /**
   * Whether {@code file} is a ZIP archive with a JAR signature file ({@code META-INF/*.SF}); a
   * file that is no readable archive has none.
   */
  public static boolean hasJarSignature(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      return zip.stream().map(e -> e.getName().toUpperCase(Locale.ROOT))
          .anyMatch(n -> n.startsWith("META-INF/") && n.endsWith(".SF")
              && n.indexOf('/', "META-INF/".length()) < 0);
    } catch (IOException e) {
      return false;
    }
  }

  /** The evidence document that belongs beside {@code artifact}. */
  public static Path evidenceOf(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + EVIDENCE_SUFFIX);
  }

  /** The bundle that belongs beside {@code artifact}. */
  public static Path bundleOf(Path artifact) {
    return artifact.resolveSibling(artifact.getFileName() + BUNDLE_SUFFIX);
  }

  /**
   * Verifies the artifact of {@code bundle} (its name without the suffix, beside it) with its
   * evidence.
   *
   * @throws MayflyException the verifier's code, or {@code CERT_BUNDLE_MALFORMED} if the
   *     artifact or evidence is missing beside the bundle
   */
  public VerifiedArtifact check(Path bundle) throws MayflyException {
    String name = bundle.getFileName().toString();
    if (!name.endsWith(BUNDLE_SUFFIX)) {
      throw new IllegalArgumentException(bundle + " is not a bundle");
    }
    String base = name.substring(0, name.length() - BUNDLE_SUFFIX.length());
    Path artifact = bundle.resolveSibling(base);
    Path evidence = bundle.resolveSibling(base + EVIDENCE_SUFFIX);
    VerifiedArtifact verified = verifier.verify(read(artifact, "artifact"),
        read(bundle, "bundle"), read(evidence, "evidence document"));
    // Another artifact of the same release, served with its bundle under this file's name,
    // verifies as that other artifact: the name must be the one the release signed.
    if (!verified.artifactName().equals(base)) {
      throw new dev.mayfly.cert.CertVerificationException(ErrorCode.CERT_ARTIFACT_MISMATCH,
          base + " is the release's " + verified.artifactName() + ", served under another name");
    }
    return verified;
  }

  /**
   * Verifies {@code jar}, published signed in the JAR format, with the evidence {@code
   * NAME.mayfly.json} beside it ({@link BundleVerifier#verifySignedJar}: every entry read and
   * checked by the JDK, every entry signed by one signer, whose certificate passes the release's
   * evidence), and, if {@code releaseCertificate} is given, that its signer is that certificate.
   *
   * @throws MayflyException the verifier's code, {@code CERT_JAR_UNSIGNED_ENTRY} if the JAR
   *     carries no signature file at all, {@code CERT_JAR_SIGNER_MISMATCH} for another
   *     certificate than {@code releaseCertificate}, or {@code CERT_BUNDLE_MALFORMED} if the
   *     evidence is missing beside the JAR
   */
  public VerifiedArtifact checkSignedJar(Path jar, @Nullable X509Certificate releaseCertificate)
      throws MayflyException {
    String name = jar.getFileName().toString();
    if (Files.isRegularFile(jar) && !hasJarSignature(jar)) {
      throw new MayflyException(ErrorCode.CERT_JAR_UNSIGNED_ENTRY, jar + " has neither a bundle "
          + "beside it nor a JAR signature");
    }
    byte[] evidence = read(evidenceOf(jar), "evidence document");
    VerifiedArtifact verified = verifier.verifySignedJar(read(jar, "JAR"), name, evidence);
    if (releaseCertificate != null && !releaseCertificate.equals(verified.certificate())) {
      throw new MayflyException(ErrorCode.CERT_JAR_SIGNER_MISMATCH, name + " is signed under "
          + "certificate serial " + verified.certificate().getSerialNumber().toString(16)
          + ", the release certificate is serial "
          + releaseCertificate.getSerialNumber().toString(16));
    }
    return verified;
  }

  private static byte[] read(Path file, String what) throws MayflyException {
    if (!Files.isRegularFile(file)) {
      throw new MayflyException(ErrorCode.CERT_BUNDLE_MALFORMED, "the " + what + " " + file
          + " is missing");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new MayflyException(ErrorCode.CERT_BUNDLE_MALFORMED,
          "cannot read the " + what + " " + file + ": " + e, e);
    }
  }

  /** The failures of a run, to report all of them and fail with the first one's code. */
  public static final class Failures {
    private final List<MayflyException> failures = new ArrayList<>();

    public void add(MayflyException failure) {
      failures.add(requireNonNull(failure, "failure"));
    }

    public boolean isEmpty() {
      return failures.isEmpty();
    }

    /** One exception carrying the first failure's code, naming how many more there were. */
    public MayflyException combined(String what) {
      MayflyException first = failures.get(0);
      String more = failures.size() == 1 ? ""
          : " (and " + (failures.size() - 1) + " more failed " + what + "; see the log)";
      return new MayflyException(first.code(), first.detail() + more, first.culprits(), first);
    }
  }
}
