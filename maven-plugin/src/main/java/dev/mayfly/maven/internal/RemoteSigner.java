package dev.mayfly.maven.internal;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.party.SignConfig;
import dev.mayfly.party.SigningClient;
import dev.mayfly.party.SigningResult;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code remote} mode: the party servers sign the release in one session through the untrusted
 * {@link SigningClient} (which verifies every bundle under its pins before returning), configured by the signing client's configuration file, with the approvals over
 * the release's list, and pinned to the TEE policy hash the pom names.
 */
public final class RemoteSigner implements ReleaseSigner {
  private final SignConfig config;
  private final List<byte[]> approvals;

  private RemoteSigner(SignConfig config, List<byte[]> approvals) {
    this.config = config;
    this.approvals = approvals;
  }

  /**
   * A signer for the configuration in {@code signConfig}, whose TEE policy must hash to {@code
   * policyHashHex}, with the approval envelopes in {@code approvalFiles}.
   *
   * @throws MayflyException {@code CONFIG_INVALID} if anything is missing or unreadable, or
   *     {@code CEREMONY_POLICY_PIN_MISMATCH} if the configuration's policy is not the pinned one
   */
  public static RemoteSigner create(@Nullable File signConfig, @Nullable String policyHashHex,
      List<File> approvalFiles) throws MayflyException {
    if (signConfig == null) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "mode remote needs signConfig (mayfly.signConfig): the signing client's configuration");
    }
    if (policyHashHex == null || !policyHashHex.strip().matches("[0-9a-fA-F]{64}")) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "mode remote needs policyHash "
          + "(mayfly.policyHash): the expected TEE policy hash, 64 hex digits, got '"
          + policyHashHex + "'");
    }
    if (approvalFiles.isEmpty()) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID, "mode remote needs approvals "
          + "(mayfly.approvals): the approvers' signed approvals of the release's list");
    }
    SignConfig config = SignConfig.read(signConfig.toPath());
    byte[] pinned = HexFormat.of().parseHex(policyHashHex.strip());
    if (!MessageDigest.isEqual(pinned, config.teePolicy().hash())) {
      throw new MayflyException(ErrorCode.CEREMONY_POLICY_PIN_MISMATCH, signConfig
          + " names TEE policy " + config.teePolicy().hashHex() + ", the pom pins "
          + policyHashHex.strip().toLowerCase(java.util.Locale.ROOT));
    }
    List<byte[]> approvals = new ArrayList<>();
    for (File file : approvalFiles) {
      try {
        approvals.add(Files.readAllBytes(file.toPath()));
      } catch (IOException e) {
        throw new MayflyException(ErrorCode.CONFIG_INVALID,
            "cannot read the approval " + file + ": " + e, e);
      }
    }
    return new RemoteSigner(config, approvals);
  }

  @Override
  public SignedRelease sign(Map<String, byte[]> artifacts, Set<String> jars)
      throws MayflyException, InterruptedException {
    List<NamedArtifact> release = new ArrayList<>();
    artifacts.forEach((name, bytes) -> release.add(NamedArtifact.of(name, bytes)));
    SigningResult result;
    try (SigningClient client = SigningClient.create(config)) {
      result = client.sign(release, approvals, Set.copyOf(jars));
    } catch (IllegalArgumentException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "the release cannot be proposed: " + e.getMessage(), e);
    }
    CeremonyOutput output = result.output();
    Map<String, Map<String, byte[]>> files = new LinkedHashMap<>();
    Map<String, byte[]> returnedJars = new LinkedHashMap<>();
    for (CeremonyOutput.Artifact artifact : output.artifacts()) {
      artifact.signedJar().ifPresent(jar -> returnedJars.put(artifact.artifact().name(), jar));
      Map<String, byte[]> own = new LinkedHashMap<>();
      own.put(".sig", artifact.signature());
      own.put(".sigstore.json", artifact.sigstoreBundle());
      own.put(".mayfly.json", output.evidence());
      files.put(artifact.artifact().name(), own);
    }
    Map<String, byte[]> shared = new LinkedHashMap<>();
    shared.put(ReleaseFiles.CERTIFICATE, output.certificatePem());
    shared.put(ReleaseFiles.APPROVERS, config.approvalPolicy().toJsonBytes());
    output.trustedRoot().ifPresent(root -> shared.put(ReleaseFiles.TRUSTED_ROOT, root));
    return new SignedRelease(result.proposal().sessionId().toHex(),
        ReleaseFiles.certificateSha256Hex(output.certificatePem()),
        config.threshold() + "-of-" + config.parties().size() + " " + config.algorithm().id()
            + ", policy " + config.teePolicy().hashHex(), files,
        SignedRelease.signedJars(jars, returnedJars), shared);
  }
}
