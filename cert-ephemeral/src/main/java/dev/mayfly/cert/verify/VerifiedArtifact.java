package dev.mayfly.cert.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.PartyId;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * Proof that an artifact, its Sigstore bundle and its evidence document passed every check of
 * {@link BundleVerifier}. Only the verifier makes these.
 *
 * @since 0.1.0
 */
public final class VerifiedArtifact {
  private final X509Certificate certificate;
  private final IssuanceMode mode;
  private final GroupKeyAlgorithm algorithm;
  private final Instant signingTime;
  private final boolean timestamped;
  private final byte[] sessionId;
  private final byte[] artifactSha256;
  private final String artifactName;
  private final List<PartyId> parties;
  private final int threshold;
  private final int approvalsCounted;
  private final boolean simulated;

  VerifiedArtifact(X509Certificate certificate, IssuanceMode mode, GroupKeyAlgorithm algorithm,
      Instant signingTime, boolean timestamped, byte[] sessionId, byte[] artifactSha256,
      String artifactName, List<PartyId> parties, int threshold, int approvalsCounted,
      boolean simulated) {
    this.certificate = requireNonNull(certificate, "certificate");
    this.mode = mode;
    this.algorithm = algorithm;
    this.signingTime = signingTime;
    this.timestamped = timestamped;
    this.sessionId = sessionId.clone();
    this.artifactSha256 = artifactSha256.clone();
    this.artifactName = artifactName;
    this.parties = List.copyOf(parties);
    this.threshold = threshold;
    this.approvalsCounted = approvalsCounted;
    this.simulated = simulated;
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Self-attested or CA-issued. */
  public IssuanceMode mode() {
    return mode;
  }

  /** The group key algorithm. */
  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The time the certificate was checked at: the timestamp's, or the clock's without one. */
  public Instant signingTime() {
    return signingTime;
  }

  /** Whether an RFC 3161 timestamp vouched for {@link #signingTime()}. */
  public boolean timestamped() {
    return timestamped;
  }

  /** The session id. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /**
   * The artifact's SHA-256 as approved; for a JAR verified with {@link
   * BundleVerifier#verifySignedJar} that is the JAR before it was signed, not the signed JAR.
   */
  public byte[] artifactSha256() {
    return artifactSha256.clone();
  }

  /** The artifact name the approvals named. */
  public String artifactName() {
    return artifactName;
  }

  /** The attested parties whose destruction receipts verified. */
  public List<PartyId> parties() {
    return parties;
  }

  /** The signing threshold. */
  public int threshold() {
    return threshold;
  }

  /** How many approvals counted towards the quorum. */
  public int approvalsCounted() {
    return approvalsCounted;
  }

  /** Whether the evidence was simulated (accepted only by an opted-in verifier). */
  public boolean simulated() {
    return simulated;
  }

  @Override
  public String toString() {
    return "VerifiedArtifact[" + artifactName + ", " + algorithm.id() + ", " + mode + ", "
        + threshold + "-of-" + parties.size() + ", signed " + signingTime
        + (simulated ? ", SIMULATED" : "") + "]";
  }
}
