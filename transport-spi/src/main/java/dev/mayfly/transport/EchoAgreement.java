package dev.mayfly.transport;

import dev.mayfly.common.PartyId;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Proof that echo broadcast of one round succeeded: every echoing party saw the same envelope from
 * every sender as the local party did.
 *
 * <p>Only {@link EchoBroadcast#verify} creates instances. {@link #transcriptHash()} is a digest of
 * the agreed view, suitable for a ceremony transcript.
 *
 * @since 0.1.0
 */
public final class EchoAgreement {
  private final RoundTag tag;
  private final SortedMap<PartyId, byte[]> digests;
  private final byte[] transcriptHash;

  EchoAgreement(RoundTag tag, SortedMap<PartyId, byte[]> digests, byte[] transcriptHash) {
    this.tag = tag;
    TreeMap<PartyId, byte[]> copy = new TreeMap<>();
    digests.forEach((party, digest) -> copy.put(party, digest.clone()));
    this.digests = copy;
    this.transcriptHash = transcriptHash.clone();
  }

  /** The broadcast round agreed on. */
  public RoundTag tag() {
    return tag;
  }

  /** The senders whose envelopes everyone saw alike, ascending. */
  public List<PartyId> senders() {
    return List.copyOf(digests.keySet());
  }

  /** The agreed SHA-256 digest of each sender's envelope, by sender (copies). */
  public SortedMap<PartyId, byte[]> digests() {
    TreeMap<PartyId, byte[]> copy = new TreeMap<>();
    for (Map.Entry<PartyId, byte[]> entry : digests.entrySet()) {
      copy.put(entry.getKey(), entry.getValue().clone());
    }
    return copy;
  }

  /** SHA-256 of the echo payload every party sent: one value for the whole agreed view. */
  public byte[] transcriptHash() {
    return transcriptHash.clone();
  }

  @Override
  public String toString() {
    return "EchoAgreement[" + tag + ", senders " + digests.keySet() + "]";
  }
}
