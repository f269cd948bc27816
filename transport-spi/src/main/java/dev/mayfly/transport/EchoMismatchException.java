package dev.mayfly.transport;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import java.util.List;

/**
 * Echo broadcast found that another party saw a different broadcast envelope than the local
 * party: {@link ErrorCode#TRANSPORT_ECHO_MISMATCH}.
 *
 * <p>Digests alone cannot say who is at fault: the sender may have signed two envelopes for the
 * round, or the echoing party may lie about what it received. So this exception names nobody.
 * {@link #disagreements()} says which echoing party disagreed about which sender; the protocol on
 * top proves an equivocation by collecting the two differently signed envelopes of the sender
 * (the ceremony does so in its abort agreement).
 *
 * @since 0.1.0
 */
public final class EchoMismatchException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** One disagreement: {@code echoer} saw another envelope of round {@code tag} from {@code sender}. */
  public record Disagreement(PartyId echoer, PartyId sender) {
    /** Checks the fields. */
    public Disagreement {
      requireNonNull(echoer, "echoer");
      requireNonNull(sender, "sender");
    }
  }

  private final RoundTag tag;
  private final List<Disagreement> disagreements;

  /** An echo mismatch of broadcast round {@code tag}. */
  public EchoMismatchException(RoundTag tag, List<Disagreement> disagreements) {
    super(ErrorCode.TRANSPORT_ECHO_MISMATCH, "echo broadcast of " + requireNonNull(tag, "tag")
        + " disagrees: " + describe(disagreements));
    this.tag = tag;
    this.disagreements = List.copyOf(disagreements);
  }

  private static String describe(List<Disagreement> disagreements) {
    StringBuilder text = new StringBuilder();
    for (Disagreement d : disagreements) {
      if (text.length() > 0) {
        text.append("; ");
      }
      text.append(d.echoer()).append(" saw another envelope from ").append(d.sender());
    }
    return text.toString();
  }

  /** The broadcast round whose echoes disagree. */
  public RoundTag tag() {
    return tag;
  }

  /** Every disagreement found, ordered by echoing party, then sender. */
  public List<Disagreement> disagreements() {
    return disagreements;
  }

  /** The senders some echo saw differently, ascending. */
  public List<PartyId> disputedSenders() {
    return disagreements.stream().map(Disagreement::sender).distinct().sorted().toList();
  }
}
