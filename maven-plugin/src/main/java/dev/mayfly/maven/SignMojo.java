package dev.mayfly.maven;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.maven.internal.BundleCheck;
import dev.mayfly.maven.internal.InsecureLocalSigner;
import dev.mayfly.maven.internal.ReactorRelease;
import dev.mayfly.maven.internal.ReleaseArtifact;
import dev.mayfly.maven.internal.ReleaseFiles;
import dev.mayfly.maven.internal.ReleaseSigner;
import dev.mayfly.maven.internal.RemoteSigner;
import dev.mayfly.maven.internal.SignedRelease;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;
import org.jspecify.annotations.Nullable;

/**
 * Signs every artifact of the reactor in <b>one</b> Mayfly ceremony (one approval, one key, one
 * certificate) and attaches, beside each, its signature ({@code .sig}), Sigstore bundle ({@code
 * .sigstore.json}) and Mayfly evidence document ({@code .mayfly.json}), so that {@code deploy}
 * publishes them. With {@code jarSigning=embed} every jar is also signed in the JAR signature
 * format in the same ceremony and published signed in its place, with only its evidence beside it.
 *
 * <p>Every project's execution only marks its project (in the build's session data); the
 * execution that finds every project of the session marked (the last project, in a serial build) collects the POM, main artifact and
 * attached artifacts of every project not skipped, and signs them all. Because earlier projects
 * have finished their lifecycle by then, a deploying build sets {@code installAtEnd} and {@code
 * deployAtEnd} (docs/release.md).
 *
 * <p>Any abort or unusable configuration fails the build with a {@link MojoFailureException}
 * whose message starts with the Mayfly error code; nothing is attached then.
 *
 * @since 0.1.0
 */
@Mojo(name = "sign", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class SignMojo extends AbstractMojo {
  /** The production mode: the party servers, through the signing client. */
  static final String REMOTE = "remote";
  /** Every party in the build's JVM with simulated attestation: for trying the plugin only. */
  static final String LOCAL_SIMULATED_INSECURE = "local-simulated-insecure";
  /** JAR artifacts are signed like any other file (detached signature and bundle). */
  static final String JAR_SIGNING_NONE = "none";
  /** JAR artifacts are also signed in the JAR format, and that JAR replaces the artifact. */
  static final String JAR_SIGNING_EMBED = "embed";

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  @SuppressWarnings("deprecation") // Maven 3.8 injects no constructor of a mojo here
  @Component
  MavenProjectHelper projectHelper;

  /** Leave this project's artifacts out of the release (all projects: no ceremony at all). */
  @Parameter(property = "mayfly.skip", defaultValue = "false")
  boolean skip;

  /** {@code remote} (the party servers) or {@code local-simulated-insecure}. */
  @Parameter(property = "mayfly.mode", defaultValue = REMOTE)
  String mode;

  /**
   * {@code none} (the default) or {@code embed}: every artifact whose extension is {@code jar} is
   * also signed in the JAR signature format, in the same ceremony, and the signed JAR is
   * published in place of the artifact (with its evidence beside it, without the detached
   * signature and bundle of the unsigned bytes; docs/release.md).
   */
  @Parameter(property = "mayfly.jarSigning", defaultValue = JAR_SIGNING_NONE)
  String jarSigning;

  /** Whether each project's POM is signed too (as deploy publishes it). */
  @Parameter(property = "mayfly.includePoms", defaultValue = "true")
  boolean includePoms;

  /**
   * Only list the release: write {@code release-list.json} (each artifact's published name and
   * SHA-256: what the approvers approve) into the signing project's {@code target/mayfly}, copy
   * every artifact under its published name into {@code target/mayfly/release/} (what {@code
   * mayfly approval sign --artifact} takes), and run no ceremony.
   */
  @Parameter(property = "mayfly.listOnly", defaultValue = "false")
  boolean listOnly;

  /**
   * Remote mode: the signing client's configuration (parties and their addresses, TEE policy,
   * approval policy, timestamp authority; the file {@code mayfly sign --config} reads,
   * docs/deployment.md).
   */
  @Parameter(property = "mayfly.signConfig")
  @Nullable File signConfig;

  /**
   * Remote mode: the TEE policy hash (hex) the configuration's policy must have; a configuration
   * file swapped for another policy fails the build before anything is proposed.
   */
  @Parameter(property = "mayfly.policyHash")
  @Nullable String policyHash;

  /** Remote mode: the approval envelopes over the release's list (one file each). */
  @Parameter(property = "mayfly.approvals")
  @Nullable List<File> approvals;

  /** Simulated mode: the number of parties. */
  @Parameter(property = "mayfly.simulated.parties", defaultValue = "3")
  int simulatedParties;

  /** Simulated mode: the signing threshold. */
  @Parameter(property = "mayfly.simulated.threshold", defaultValue = "2")
  int simulatedThreshold;

  /** Simulated mode: {@code ed25519} or {@code ecdsa-p256}. */
  @Parameter(property = "mayfly.simulated.algorithm", defaultValue = "ed25519")
  String simulatedAlgorithm;

  /**
   * Simulated mode: issue the certificate through the in-process test CA (and write {@code
   * trusted_root.json}, so Sigstore verifiers can check the bundles), instead of self-attesting.
   */
  @Parameter(property = "mayfly.simulated.testCa", defaultValue = "true")
  boolean simulatedTestCa;

  /**
   * Simulated mode: faults to inject, as {@code mayfly demo --fault} takes them (e.g. {@code
   * approval:missing}, {@code crash:2@dkg}), to see how an abort fails the build.
   */
  @Parameter(property = "mayfly.simulated.faults", defaultValue = "")
  String simulatedFaults;

  /**
   * Simulated mode: keep the simulated AMD authority (test root keys, in the clear) in this file
   * between builds, saving its RSA key generation; default a fresh one each build.
   */
  @Parameter(property = "mayfly.simulated.authorityFileInsecure")
  @Nullable File simulatedAuthorityFileInsecure;

  /** Simulated mode: the deadline of each ceremony phase, seconds. */
  @Parameter(property = "mayfly.simulated.phaseTimeoutSeconds", defaultValue = "20")
  int simulatedPhaseTimeoutSeconds;

  @Override
  public void execute() throws MojoFailureException {
    if (!REMOTE.equals(mode) && !LOCAL_SIMULATED_INSECURE.equals(mode)) {
      throw failure(new MayflyException(ErrorCode.CONFIG_INVALID, "mode must be " + REMOTE
          + " or " + LOCAL_SIMULATED_INSECURE + ", got '" + mode + "'"));
    }
    if (!JAR_SIGNING_NONE.equals(jarSigning) && !JAR_SIGNING_EMBED.equals(jarSigning)) {
      throw failure(new MayflyException(ErrorCode.CONFIG_INVALID, "jarSigning must be "
          + JAR_SIGNING_NONE + " or " + JAR_SIGNING_EMBED + ", got '" + jarSigning + "'"));
    }
    ReactorRelease release = new ReactorRelease(session);
    List<String> without = release.projectsWithoutSign(plugin.getGroupId() + ":"
        + plugin.getArtifactId(), plugin.getGoalPrefix());
    if (!without.isEmpty()) {
      throw failure(new MayflyException(ErrorCode.CONFIG_INVALID, "the release waits for every "
          + "project, but " + without + " do not run mayfly:sign: configure the plugin where every"
          + " module inherits it (skip a module with mayfly.skip)"));
    }
    if (skip) {
      getLog().info("mayfly: skipping " + ReactorRelease.id(project)
          + " (mayfly.skip): its artifacts are not signed");
      release.mark(project, ReactorRelease.State.SKIPPED);
    } else {
      release.mark(project, ReactorRelease.State.SIGN);
    }
    if (!release.claim()) {
      List<String> missing = release.unmarked();
      if (release.isLast(project) && !session.isParallel() && !missing.isEmpty()) {
        throw failure(new MayflyException(ErrorCode.CONFIG_INVALID, "the release waits for "
            + missing + ", which did not run mayfly:sign: configure the plugin where every "
            + "module inherits it (skip a module with mayfly.skip)"));
      }
      getLog().info("mayfly: " + ReactorRelease.id(project) + " joins the release; the whole "
          + "release is signed in one ceremony when every project of the reactor got here");
      return;
    }
    signRelease(release);
  }

  private void signRelease(ReactorRelease release) throws MojoFailureException {
    Map<String, MavenProject> owners = new LinkedHashMap<>();
    List<ReleaseArtifact> artifacts = new ArrayList<>();
    List<String> notPackaged = new ArrayList<>();
    for (MavenProject member : release.projectsToSign()) {
      owners.put(ReactorRelease.id(member), member);
      for (ReleaseArtifact artifact : ReactorRelease.artifactsOf(member, includePoms,
          notPackaged)) {
        if (artifacts.stream().anyMatch(a -> a.name().equals(artifact.name()))) {
          throw failure(new MayflyException(ErrorCode.CONFIG_INVALID, "two artifacts of the "
              + "release are published as " + artifact.name()));
        }
        artifacts.add(artifact);
      }
    }
    notPackaged.forEach(name -> getLog().warn("mayfly: not packaged, not signed: " + name));
    if (!release.skippedProjects().isEmpty()) {
      getLog().info("mayfly: skipped projects: " + release.skippedProjects());
    }
    if (artifacts.isEmpty()) {
      getLog().info("mayfly: nothing to sign; no ceremony");
      return;
    }
    Set<String> jars = new LinkedHashSet<>();
    if (JAR_SIGNING_EMBED.equals(jarSigning)) {
      artifacts.stream().filter(a -> "jar".equalsIgnoreCase(a.extension()))
          .forEach(a -> jars.add(a.name()));
    }
    if (listOnly) {
      writeList(artifacts, jars);
      return;
    }
    getLog().info("mayfly: signing " + artifacts.size() + " artifacts of " + owners.size()
        + " projects in one ceremony (mode " + mode + (jars.isEmpty() ? ""
            : ", jarSigning embed: " + jars.size() + " JARs also in the JAR format") + ")");
    if (LOCAL_SIMULATED_INSECURE.equals(mode)) {
      getLog().warn("mayfly: mode " + LOCAL_SIMULATED_INSECURE + ": SIMULATED attestation and "
          + "approvers made in this build; the signatures prove nothing (not for production)");
    }
    // Read once: what is logged and listed is what the ceremony signs.
    Map<String, byte[]> contents = new LinkedHashMap<>();
    try {
      for (ReleaseArtifact artifact : artifacts) {
        contents.put(artifact.name(), ReleaseFiles.read(artifact));
      }
    } catch (MayflyException e) {
      throw failure(e);
    }
    SignedRelease signed;
    try {
      signed = signer().sign(contents, jars);
    } catch (MayflyException e) {
      getLog().error("mayfly: the release ceremony failed with " + e.code()
          + (e.culprits().isEmpty() ? "" : " naming " + e.culprits())
          + "; nothing was signed or attached");
      throw failure(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(new MayflyException(ErrorCode.CEREMONY_INTERRUPTED,
          "interrupted while the release ceremony ran", e));
    }
    attach(signed, artifacts, contents, owners);
  }

  private void attach(SignedRelease signed, List<ReleaseArtifact> artifacts,
      Map<String, byte[]> contents, Map<String, MavenProject> owners)
      throws MojoFailureException {
    getLog().info("mayfly: signed " + artifacts.size() + " artifacts in session "
        + signed.sessionIdHex() + ", certificate SHA-256 " + signed.certificateSha256Hex()
        + " (" + signed.summary() + ")");
    JsonArray listed = new JsonArray();
    try {
      for (ReleaseArtifact artifact : artifacts) {
        MavenProject owner = owners.get(artifact.projectId());
        Path directory = Path.of(owner.getBuild().getDirectory(), "mayfly");
        String digest = HexFormat.of().formatHex(ReleaseFiles.sha256(
            contents.get(artifact.name())));
        JsonObject entry = new JsonObject();
        entry.addProperty("project", artifact.projectId());
        entry.addProperty("name", artifact.name());
        entry.addProperty("sha256", digest);
        Optional<byte[]> signedJar = signed.signedJar(artifact.name());
        if (signedJar.isPresent()) {
          // The signed JAR is published in the artifact's place; the detached signature and
          // bundle would describe the approved bytes, which are no longer published.
          Path jar = directory.resolve("jar").resolve(artifact.name());
          ReleaseFiles.write(jar, signedJar.get());
          ReactorRelease.replaceFile(owner, artifact, jar.toFile());
          attachOwn(owner, artifact, directory, BundleCheck.EVIDENCE_SUFFIX, signed);
          String published = HexFormat.of().formatHex(ReleaseFiles.sha256(signedJar.get()));
          getLog().info("mayfly:   " + artifact.name() + " sha256:" + digest + " (approved) -> "
              + "signed in the JAR format, published in its place: " + jar + " sha256:"
              + published + ", evidence " + artifact.name() + BundleCheck.EVIDENCE_SUFFIX);
          entry.addProperty("published", "jar-signature");
          entry.addProperty("publishedSha256", published);
        } else {
          for (String suffix : SignedRelease.ARTIFACT_SUFFIXES) {
            attachOwn(owner, artifact, directory, suffix, signed);
          }
          getLog().info("mayfly:   " + artifact.name() + " sha256:" + digest + " -> "
              + directory.resolve(artifact.name() + BundleCheck.BUNDLE_SUFFIX));
          entry.addProperty("published", "bundle");
        }
        listed.add(entry);
      }
      Path shared = Path.of(project.getBuild().getDirectory(), "mayfly");
      for (Map.Entry<String, byte[]> file : signed.sharedFiles().entrySet()) {
        ReleaseFiles.write(shared.resolve(file.getKey()), file.getValue());
      }
      JsonObject summary = new JsonObject();
      summary.addProperty("sessionId", signed.sessionIdHex());
      summary.addProperty("certificateSha256", signed.certificateSha256Hex());
      summary.addProperty("mode", mode);
      summary.addProperty("jarSigning", jarSigning);
      summary.addProperty("ceremony", signed.summary());
      summary.add("artifacts", listed);
      ReleaseFiles.write(shared.resolve(ReleaseFiles.SUMMARY),
          new GsonBuilder().setPrettyPrinting().create().toJson(summary)
              .getBytes(StandardCharsets.UTF_8));
      getLog().info("mayfly: release files (certificate, approvers, summary) in " + shared);
    } catch (IOException e) {
      throw failure(new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED,
          "cannot write the release's files: " + e, e));
    } catch (MayflyException e) {
      throw failure(e);
    }
  }

  /** Writes {@code artifact}'s file with {@code suffix} and attaches it to its project. */
  private void attachOwn(MavenProject owner, ReleaseArtifact artifact, Path directory,
      String suffix, SignedRelease signed) throws IOException {
    Path file = directory.resolve(artifact.name() + suffix);
    ReleaseFiles.write(file, signed.artifactFile(artifact.name(), suffix).orElseThrow());
    projectHelper.attachArtifact(owner, artifact.extension() + suffix, artifact.classifier(),
        file.toFile());
  }

  private void writeList(List<ReleaseArtifact> artifacts, Set<String> jars)
      throws MojoFailureException {
    JsonArray listed = new JsonArray();
    try {
      for (ReleaseArtifact artifact : artifacts) {
        byte[] content = ReleaseFiles.read(artifact);
        String digest = HexFormat.of().formatHex(ReleaseFiles.sha256(content));
        ReleaseFiles.write(Path.of(project.getBuild().getDirectory(), "mayfly", "release",
            artifact.name()), content);
        getLog().info("mayfly:   " + artifact.name() + " sha256:" + digest + " (" + artifact.file()
            + ")" + (jars.contains(artifact.name()) ? ", to be signed also in the JAR format" : ""));
        JsonObject entry = new JsonObject();
        entry.addProperty("name", artifact.name());
        entry.addProperty("sha256", digest);
        entry.addProperty("file", artifact.file().toString());
        listed.add(entry);
      }
      Path list = Path.of(project.getBuild().getDirectory(), "mayfly", ReleaseFiles.LIST);
      ReleaseFiles.write(list, new GsonBuilder().setPrettyPrinting().create().toJson(listed)
          .getBytes(StandardCharsets.UTF_8));
      getLog().info("mayfly: listed " + artifacts.size() + " artifacts in " + list
          + " and copied them under their published names to " + list.resolveSibling("release")
          + " (mayfly.listOnly); no ceremony");
    } catch (MayflyException e) {
      throw failure(e);
    } catch (IOException e) {
      throw failure(new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED,
          "cannot write the release list: " + e, e));
    }
  }

  private ReleaseSigner signer() throws MayflyException {
    if (REMOTE.equals(mode)) {
      return RemoteSigner.create(signConfig, policyHash, approvals == null ? List.of() : approvals);
    }
    GroupKeyAlgorithm keyAlgorithm;
    try {
      keyAlgorithm = GroupKeyAlgorithm.fromId(simulatedAlgorithm);
    } catch (IllegalArgumentException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "algorithm must be ed25519 or ecdsa-p256, got '" + simulatedAlgorithm + "'");
    }
    if (simulatedPhaseTimeoutSeconds < 1 || simulatedPhaseTimeoutSeconds > 3600) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "simulatedPhaseTimeoutSeconds must be 1..3600, got " + simulatedPhaseTimeoutSeconds);
    }
    return InsecureLocalSigner.create(new SimulationSupport.LocalRelease(Map.of(),
        simulatedParties, simulatedThreshold, keyAlgorithm, simulatedTestCa,
        simulatedFaults == null ? "" : simulatedFaults.strip(),
        Duration.ofSeconds(simulatedPhaseTimeoutSeconds),
        simulatedAuthorityFileInsecure == null ? null : simulatedAuthorityFileInsecure.toPath(),
        Set.of()),
        plugin.getVersion());
  }

  /** The build failure for {@code e}: its message starts with the Mayfly error code. */
  static MojoFailureException failure(MayflyException e) {
    return new MojoFailureException(e.getMessage(), e);
  }
}
