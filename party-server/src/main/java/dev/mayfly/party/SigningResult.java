package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.PartyId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A signed artifact from {@link SigningClient}: the output files (not yet written), what the
 * bundle verifier established about them, the proposal, and how each party's part ended.
 *
 * @since 0.1.0
 */
public final class SigningResult {
  private final SessionProposal proposal;
  private final CeremonyOutput output;
  private final List<VerifiedArtifact> verified;
  private final Map<PartyId, PartyOutcome> outcomes;

  SigningResult(SessionProposal proposal, CeremonyOutput output, List<VerifiedArtifact> verified,
      Map<PartyId, PartyOutcome> outcomes) {
    this.proposal = requireNonNull(proposal, "proposal");
    this.output = requireNonNull(output, "output");
    this.verified = List.copyOf(verified);
    this.outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
  }

  public SessionProposal proposal() {
    return proposal;
  }

  /** The five files (six with a CA), verified; {@link CeremonyOutput#writeTo} writes them. */
  public CeremonyOutput output() {
    return output;
  }

  /**
   * What {@code BundleVerifier} established under the client's pinned policies about the first
   * artifact (the only one of a one-artifact session).
   */
  public VerifiedArtifact verified() {
    return verified.get(0);
  }

  /**
   * What {@code BundleVerifier} established about each artifact, in the proposal's order.
   *
   * @since 0.2.0
   */
  public List<VerifiedArtifact> verifiedArtifacts() {
    return verified;
  }

  /** How each party's part ended, by party. */
  public Map<PartyId, PartyOutcome> outcomes() {
    return outcomes;
  }

  @Override
  public String toString() {
    return "SigningResult[" + proposal + ", " + output + "]";
  }
}
