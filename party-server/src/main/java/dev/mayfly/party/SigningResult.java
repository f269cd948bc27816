package dev.mayfly.party;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.cert.verify.VerifiedArtifact;
import dev.mayfly.common.PartyId;
import java.util.Collections;
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
  private final VerifiedArtifact verified;
  private final Map<PartyId, PartyOutcome> outcomes;

  SigningResult(SessionProposal proposal, CeremonyOutput output, VerifiedArtifact verified,
      Map<PartyId, PartyOutcome> outcomes) {
    this.proposal = requireNonNull(proposal, "proposal");
    this.output = requireNonNull(output, "output");
    this.verified = requireNonNull(verified, "verified");
    this.outcomes = Collections.unmodifiableMap(new TreeMap<>(outcomes));
  }

  public SessionProposal proposal() {
    return proposal;
  }

  /** The five files (six with a CA), verified; {@link CeremonyOutput#writeTo} writes them. */
  public CeremonyOutput output() {
    return output;
  }

  /** What {@code BundleVerifier} established under the client's pinned policies. */
  public VerifiedArtifact verified() {
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
