package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
    return verifier.verify(read(artifact, "artifact"), read(bundle, "bundle"),
        read(evidence, "evidence document"));
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
