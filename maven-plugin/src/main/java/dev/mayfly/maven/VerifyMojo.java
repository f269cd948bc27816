package dev.mayfly.maven;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.cert.bundle.TrustedRoot;
import dev.mayfly.cert.verify.BundleVerifier;
import dev.mayfly.cert.verify.BundleVerifierOptions;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.maven.internal.BundleCheck;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.jspecify.annotations.Nullable;

/**
 * Verifies Mayfly bundles as {@code mayfly verify} does: every {@code NAME.sigstore.json} under a
 * directory against the artifact {@code NAME} and the evidence {@code NAME.mayfly.json} beside
 * it, and/or the project's resolved dependencies that have a bundle beside them. A JAR without a
 * bundle beside it (every one under the directory; a dependency that carries a JAR signature) is
 * verified as a JAR signed in the JAR format, entry by entry, with the evidence beside it
 * (docs/release.md). The expected TEE
 * policy hash and approval policy are required (waived only by options whose names say
 * insecure). Any failure fails the build with a {@link MojoFailureException} whose message
 * starts with the Mayfly error code of the first failure; every failure is logged.
 *
 * @since 0.1.0
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true,
    requiresDependencyResolution = ResolutionScope.TEST)
public class VerifyMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** Skip this goal. */
  @Parameter(property = "mayfly.verify.skip", defaultValue = "false")
  boolean skip;

  /** A directory whose bundles (searched recursively) are verified. */
  @Parameter(property = "mayfly.verify.directory")
  @Nullable File directory;

  /** Verify the project's resolved dependencies that have a bundle beside them. */
  @Parameter(property = "mayfly.verify.dependencies", defaultValue = "false")
  boolean dependencies;

  /** With {@code dependencies}: fail for a dependency without a bundle beside it. */
  @Parameter(property = "mayfly.verify.requireBundles", defaultValue = "false")
  boolean requireBundles;

  /** The expected TEE policy hash, 64 hex digits. */
  @Parameter(property = "mayfly.verify.policyHash")
  @Nullable String policyHash;

  /** Accept whatever TEE policy the evidence names. Insecure: any code passes. */
  @Parameter(property = "mayfly.verify.acceptAnyPolicyInsecure", defaultValue = "false")
  boolean acceptAnyPolicyInsecure;

  /** The expected approval policy (approvers and quorum, JSON). */
  @Parameter(property = "mayfly.verify.approvers")
  @Nullable File approvers;

  /** The expected approval policy's digest (64 hex digits), instead of the file. */
  @Parameter(property = "mayfly.verify.approversDigest")
  @Nullable String approversDigest;

  /** A Sigstore {@code trusted_root.json}: the CAs and timestamp authorities to trust. */
  @Parameter(property = "mayfly.verify.trustedRoot")
  @Nullable File trustedRoot;

  /**
   * The release certificate (PEM, the signing project's {@code release.crt.pem}) every JAR
   * published signed in the JAR format must be signed under; optional: without it each signed
   * JAR's certificate is still checked against the evidence beside it.
   */
  @Parameter(property = "mayfly.verify.releaseCertificate")
  @Nullable File releaseCertificate;

  /**
   * Accept SIMULATED attestation and the timestamp authority the evidence records (output of
   * the {@code local-simulated-insecure} mode). Insecure.
   */
  @Parameter(property = "mayfly.verify.allowSimulatedInsecure", defaultValue = "false")
  boolean allowSimulatedInsecure;

  @Override
  public void execute() throws MojoFailureException {
    if (skip) {
      getLog().info("mayfly: verify skipped (mayfly.verify.skip)");
      return;
    }
    try {
      run();
    } catch (MayflyException e) {
      throw SignMojo.failure(e);
    }
  }

  private void run() throws MayflyException {
    if (directory == null && !dependencies) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "give a directory (mayfly.verify.directory) and/or dependencies=true");
    }
    BundleCheck check = new BundleCheck(BundleVerifier.create(options()));
    X509Certificate pinned = releaseCertificate == null ? null : readCertificate();
    List<Path> bundles = new ArrayList<>();
    List<Path> signedJars = new ArrayList<>();
    if (directory != null) {
      List<Path> found = BundleCheck.bundlesIn(directory.toPath());
      List<Path> jars = BundleCheck.jarsWithoutBundleIn(directory.toPath());
      if (found.isEmpty() && jars.isEmpty()) {
        throw new MayflyException(ErrorCode.CONFIG_INVALID, "no *" + BundleCheck.BUNDLE_SUFFIX
            + " and no signed *" + BundleCheck.JAR_SUFFIX + " under " + directory);
      }
      bundles.addAll(found);
      signedJars.addAll(jars);
    }
    BundleCheck.Failures failures = new BundleCheck.Failures();
    if (dependencies) {
      for (Artifact dependency : project.getArtifacts()) {
        if (dependency.getFile() == null || !dependency.getFile().isFile()) {
          continue;
        }
        Path bundle = BundleCheck.bundleOf(dependency.getFile().toPath());
        if (Files.isRegularFile(bundle)) {
          bundles.add(bundle);
        } else if (BundleCheck.hasJarSignature(dependency.getFile().toPath())
            && Files.isRegularFile(BundleCheck.evidenceOf(dependency.getFile().toPath()))) {
          // A JAR published signed by a Mayfly release (jarSigning=embed). JARs signed by others
          // (with no Mayfly evidence beside them) are unsigned dependencies here.
          signedJars.add(dependency.getFile().toPath());
        } else if (requireBundles) {
          MayflyException missing = new MayflyException(ErrorCode.CERT_BUNDLE_MALFORMED,
              "the dependency " + dependency + " has no bundle beside it (" + bundle + ")");
          getLog().error("mayfly: " + missing.getMessage());
          failures.add(missing);
        } else {
          getLog().info("mayfly: unsigned dependency (no bundle): " + dependency);
        }
      }
    }
    for (Path bundle : bundles) {
      try {
        VerifiedArtifact verified = check.check(bundle);
        getLog().info("mayfly: OK " + bundle.getFileName() + ": " + describe(verified));
      } catch (MayflyException e) {
        getLog().error("mayfly: REFUSED " + bundle + ": " + e.getMessage());
        failures.add(e);
      }
    }
    for (Path jar : signedJars) {
      try {
        VerifiedArtifact verified = check.checkSignedJar(jar, pinned);
        getLog().info("mayfly: OK " + jar.getFileName() + " (signed JAR, every entry verified): "
            + describe(verified) + ", approved as sha256:"
            + HexFormat.of().formatHex(verified.artifactSha256()) + " before JAR signing");
      } catch (MayflyException e) {
        getLog().error("mayfly: REFUSED " + jar + ": " + e.getMessage());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.combined("bundles or signed JARs");
    }
    getLog().info("mayfly: " + bundles.size() + " bundles"
        + (signedJars.isEmpty() ? "" : " and " + signedJars.size() + " signed JARs")
        + " verified");
  }

  private static String describe(VerifiedArtifact verified) {
    return verified.threshold() + "-of-" + verified.parties().size() + " "
        + verified.algorithm().id() + ", session " + HexFormat.of().formatHex(verified.sessionId())
        + ", certificate serial " + verified.certificate().getSerialNumber().toString(16)
        + ", signed " + verified.signingTime() + ", " + verified.approvalsCounted() + " approvals"
        + (verified.simulated() ? ", SIMULATED attestation" : "");
  }

  private X509Certificate readCertificate() throws MayflyException {
    try (java.io.InputStream in = Files.newInputStream(releaseCertificate.toPath())) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException | ClassCastException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "releaseCertificate "
          + releaseCertificate + " is no readable X.509 certificate: " + e, e);
    }
  }

  private BundleVerifierOptions options() throws MayflyException {
    BundleVerifierOptions.Builder options = BundleVerifierOptions.builder();
    try {
      if (trustedRoot != null) {
        options.trustedRoot(TrustedRoot.parseJson(Files.readAllBytes(trustedRoot.toPath())));
      }
      if ((policyHash != null) == acceptAnyPolicyInsecure) {
        throw new MayflyException(ErrorCode.CONFIG_INVALID, "give the expected TEE policy hash"
            + " (policyHash), or acceptAnyPolicyInsecure");
      }
      if (acceptAnyPolicyInsecure) {
        getLog().warn("mayfly: acceptAnyPolicyInsecure: any TEE policy is accepted");
        options.acceptAnyTeePolicyHashInsecure();
      } else {
        options.teePolicyHash(hex(policyHash, "policyHash"));
      }
      if ((approvers != null) == (approversDigest != null)) {
        throw new MayflyException(ErrorCode.CONFIG_INVALID, "give the expected approval policy"
            + " with approvers (a file) or approversDigest (hex), exactly one");
      }
      if (approvers != null) {
        options.approvalPolicy(ApprovalPolicy.parseJson(Files.readAllBytes(approvers.toPath())));
      } else {
        options.approvalPolicyDigest(hex(approversDigest, "approversDigest"));
      }
    } catch (IOException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "cannot read a file: " + e, e);
    }
    if (allowSimulatedInsecure) {
      getLog().warn("mayfly: allowSimulatedInsecure: SIMULATED attestation proves nothing");
      options.allowSimulatedEvidenceInsecure().trustRecordedTimestampAuthorityInsecure();
    }
    return options.build();
  }

  private static byte[] hex(@Nullable String value, String name) throws MayflyException {
    String text = value == null ? "" : value.strip();
    if (!text.matches("[0-9a-fA-F]{64}")) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          name + " must be 64 hex digits, got '" + text + "'");
    }
    return HexFormat.of().parseHex(text);
  }
}
