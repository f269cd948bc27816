package dev.mayfly.mpc.keygen;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The public outcome of a key generation: the group public key, every participant's verifying
 * share, the threshold and the ciphersuite (RFC 9591 §5, "PK" and "PK_i").
 *
 * <p>Immutable and safe to share. Usable for any number of signing sessions.
 *
 * <p><b>Security:</b> every element is a validated non-identity element of the prime-order group.
 * The package does not prove that the verifying shares interpolate to the group key; the DKG that
 * produced it does (every share was checked against every Feldman commitment).
 *
 * @since 0.1.0
 */
public final class PublicKeyPackage {
  private final Ciphersuite suite;
  private final int threshold;
  private final GroupElement groupPublicKey;
  private final SortedMap<PartyId, GroupElement> verifyingShares;

  private PublicKeyPackage(Ciphersuite suite, int threshold, GroupElement groupPublicKey,
      SortedMap<PartyId, GroupElement> verifyingShares) {
    this.suite = suite;
    this.threshold = threshold;
    this.groupPublicKey = groupPublicKey;
    this.verifyingShares = Collections.unmodifiableSortedMap(verifyingShares);
  }

  /**
   * A package from its parts.
   *
   * @throws IllegalArgumentException if {@code threshold} is not in 1..n, an element belongs to
   *     another suite or is the identity
   */
  public static PublicKeyPackage create(Ciphersuite suite, int threshold,
      GroupElement groupPublicKey, Map<PartyId, GroupElement> verifyingShares) {
    requireNonNull(suite, "suite");
    requireNonNull(groupPublicKey, "groupPublicKey");
    requireNonNull(verifyingShares, "verifyingShares");
    if (threshold < 1 || threshold > verifyingShares.size()) {
      throw new IllegalArgumentException("threshold must be in 1.." + verifyingShares.size()
          + ", got " + threshold);
    }
    checkElement(suite, groupPublicKey, "group public key");
    SortedMap<PartyId, GroupElement> copy = new TreeMap<>();
    for (Map.Entry<PartyId, GroupElement> e : verifyingShares.entrySet()) {
      checkElement(suite, e.getValue(), "verifying share of " + e.getKey());
      copy.put(requireNonNull(e.getKey(), "party"), e.getValue());
    }
    return new PublicKeyPackage(suite, threshold, groupPublicKey, copy);
  }

  private static void checkElement(Ciphersuite suite, GroupElement e, String what) {
    if (e.ciphersuite() != suite) {
      throw new IllegalArgumentException(what + " belongs to " + e.ciphersuite() + ", not " + suite);
    }
    if (e.isIdentity()) {
      throw new IllegalArgumentException(what + " is the identity");
    }
  }

  /** The ciphersuite. */
  public Ciphersuite ciphersuite() {
    return suite;
  }

  /** The minimum number of signers (t). */
  public int threshold() {
    return threshold;
  }

  /** The number of participants (n). */
  public int participantCount() {
    return verifyingShares.size();
  }

  /** The participants in ascending order. */
  public List<PartyId> participants() {
    return new ArrayList<>(verifyingShares.keySet());
  }

  /** The group public key. */
  public GroupElement groupPublicKey() {
    return groupPublicKey;
  }

  /**
   * The group public key's standard encoding: the 32-byte RFC 8032 public key for Ed25519 (ready
   * for an X.509 SubjectPublicKeyInfo), the 33-byte compressed SEC 1 point for P-256.
   */
  public byte[] groupPublicKeyBytes() {
    return groupPublicKey.encode();
  }

  /**
   * The verifying share of {@code party}.
   *
   * @throws IllegalArgumentException if the party is not a participant
   */
  public GroupElement verifyingShare(PartyId party) {
    GroupElement e = verifyingShares.get(requireNonNull(party, "party"));
    if (e == null) {
      throw new IllegalArgumentException(party + " is not a participant");
    }
    return e;
  }

  /** Whether {@code party} is a participant. */
  public boolean isParticipant(PartyId party) {
    return verifyingShares.containsKey(requireNonNull(party, "party"));
  }

  /** All verifying shares by party, in ascending order. */
  public SortedMap<PartyId, GroupElement> verifyingShares() {
    return verifyingShares;
  }

  /**
   * The versioned encoding: header (version 1, type 5, suite id, sender 0), threshold and count
   * (uint16 each), the group key, then per participant its id (uint16) and verifying share.
   */
  public byte[] encode() {
    ByteArrayOutputStream out = Wire.header(Wire.TYPE_PUBLIC_KEY_PACKAGE, suite, 0);
    Wire.writeU16(out, threshold);
    Wire.writeU16(out, verifyingShares.size());
    Wire.write(out, groupPublicKey.encode());
    for (Map.Entry<PartyId, GroupElement> e : verifyingShares.entrySet()) {
      Wire.writeU16(out, e.getKey().value());
      Wire.write(out, e.getValue().encode());
    }
    return out.toByteArray();
  }

  /**
   * Parses {@link #encode()} output strictly.
   *
   * @throws ProtocolException on a malformed encoding, another suite, invalid elements, duplicate
   *     or unordered participants
   */
  public static PublicKeyPackage parse(Ciphersuite suite, byte[] bytes) throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, suite, Wire.TYPE_PUBLIC_KEY_PACKAGE,
        "public key package");
    int threshold = r.readU16();
    int n = r.readU16();
    GroupElement key = r.readElement("group public key");
    SortedMap<PartyId, GroupElement> shares = new TreeMap<>();
    PartyId previous = null;
    for (int i = 0; i < n; i++) {
      PartyId id = r.readPartyId("participant");
      if (previous != null && id.compareTo(previous) <= 0) {
        throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE,
            "public key package lists participants out of order at " + id);
      }
      previous = id;
      shares.put(id, r.readElement("verifying share of " + id));
    }
    r.finish();
    if (threshold < 1 || threshold > n) {
      throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE,
          "public key package threshold is " + threshold + ", must be in 1.." + n);
    }
    return new PublicKeyPackage(suite, threshold, key, shares);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKeyPackage p && p.suite == suite && p.threshold == threshold
        && p.groupPublicKey.equals(groupPublicKey) && p.verifyingShares.equals(verifyingShares);
  }

  @Override
  public int hashCode() {
    return groupPublicKey.hashCode() * 31 + threshold;
  }

  @Override
  public String toString() {
    return "PublicKeyPackage[" + suite.name() + ", " + threshold + "-of-" + participantCount()
        + ", key " + groupPublicKey + "]";
  }
}
