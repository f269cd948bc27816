package dev.mayfly.ceremony.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The session transcript: SHA-256 over the domain {@code "mayfly/v1/transcript"}, the proposal
 * hash and, in order, the echo-broadcast agreement of every broadcast round (which lists the digest
 * of every envelope of that round). Every honest party computes the same hash; the destruction
 * receipts bind it. Not thread-safe.
 */
public final class Transcript {
  private static final byte[] DOMAIN = "mayfly/v1/transcript".getBytes(StandardCharsets.US_ASCII);

  private final MessageDigest digest;

  /** A transcript that starts with the proposal hash. */
  public Transcript(byte[] proposalHash) {
    digest = Sha256.newDigest();
    digest.update(DOMAIN);
    digest.update(requireNonNull(proposalHash, "proposalHash"));
  }

  /** Appends one round's agreement hash (32 bytes). */
  public void add(byte[] agreementHash) {
    if (agreementHash.length != 32) {
      throw new IllegalArgumentException("an agreement hash is 32 bytes");
    }
    digest.update(agreementHash);
  }

  /** The hash of everything appended so far; appending may go on. */
  public byte[] hash() {
    try {
      return ((MessageDigest) digest.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
    }
  }
}
