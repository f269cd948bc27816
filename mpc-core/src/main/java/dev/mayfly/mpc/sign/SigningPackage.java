package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every signer signs in round 2 (RFC 9591 §5.2): the message and the commitment list of all
 * participating signers.
 *
 * <p><b>Security:</b> every signer must sign only a message it built or checked itself; the
 * package does not authenticate where the message came from.
 *
 * @since 0.1.0
 */
public final class SigningPackage {
  private final Ciphersuite suite;
  private final byte[] message;
  private final SortedMap<PartyId, SigningCommitments> commitments;

  private SigningPackage(Ciphersuite suite, byte[] message,
      SortedMap<PartyId, SigningCommitments> commitments) {
    this.suite = suite;
    this.message = message;
    this.commitments = Collections.unmodifiableSortedMap(commitments);
  }

  /**
   * A package for {@code message} and the commitments of every signer.
   *
   * @throws IllegalArgumentException if there are no commitments, two from one signer, or
   *     commitments of different suites
   */
  public static SigningPackage create(byte[] message, Collection<SigningCommitments> commitments) {
    requireNonNull(message, "message");
    requireNonNull(commitments, "commitments");
    if (commitments.isEmpty()) {
      throw new IllegalArgumentException("no commitments");
    }
    Ciphersuite suite = commitments.iterator().next().ciphersuite();
    SortedMap<PartyId, SigningCommitments> map = new TreeMap<>();
    for (SigningCommitments c : commitments) {
      if (c.ciphersuite() != suite) {
        throw new IllegalArgumentException("commitments of different ciphersuites");
      }
      if (map.put(c.sender(), c) != null) {
        throw new IllegalArgumentException("two commitments from " + c.sender());
      }
    }
    return new SigningPackage(suite, message.clone(), map);
  }

  /** The ciphersuite. */
  public Ciphersuite ciphersuite() {
    return suite;
  }

  /** The message to sign. */
  public byte[] message() {
    return message.clone();
  }

  /** The commitments by signer, in ascending identifier order. */
  public SortedMap<PartyId, SigningCommitments> commitments() {
    return commitments;
  }

  /** The signers in ascending order. */
  public List<PartyId> signers() {
    return new ArrayList<>(commitments.keySet());
  }

  @Override
  public String toString() {
    return "SigningPackage[" + suite.name() + ", signers " + commitments.keySet() + ", "
        + message.length + "-byte message]";
  }
}
