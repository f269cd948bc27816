package dev.mayfly.mpc.keygen;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * DKG round 1 broadcast (FROST paper, Figure 1, round 1 steps 2–4): the sender's Feldman
 * commitments {@code phi_0..phi_{t-1}} to its secret polynomial and its Schnorr proof of
 * knowledge {@code (R, mu)} of {@code a_0}.
 *
 * <p>Encoding: the common header (version 1, type 1, suite id, sender), the commitment count
 * (uint16), the commitments, then {@code R} and {@code mu}. Must reach every participant through
 * a broadcast that detects equivocation (the ceremony uses echo broadcast).
 *
 * @since 0.1.0
 */
public final class DkgCommitmentMessage extends MessageBase {
  private final List<GroupElement> commitments;
  private final GroupElement proofR;
  private final byte[] proofZ;

  DkgCommitmentMessage(Ciphersuite suite, PartyId sender, List<GroupElement> commitments,
      GroupElement proofR, byte[] proofZ) {
    super(suite, sender, null);
    this.commitments = List.copyOf(commitments);
    this.proofR = proofR;
    this.proofZ = proofZ.clone();
  }

  /**
   * Parses and validates every element and scalar.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE},
   *     {@code MPC_INVALID_ELEMENT} or {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static DkgCommitmentMessage parse(Ciphersuite suite, byte[] bytes)
      throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, suite, Wire.TYPE_DKG_COMMITMENT, "DKG commitment");
    int count = r.readU16();
    if (count == 0) {
      throw r.fail(ErrorCode.MPC_MALFORMED_MESSAGE, "DKG commitment has no commitments");
    }
    List<GroupElement> commitments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      commitments.add(r.readElement("commitment " + i));
    }
    GroupElement proofR = r.readElement("proof R");
    int[] mu = r.readScalar("proof mu");
    r.finish();
    return new DkgCommitmentMessage(
        suite, r.sender(), commitments, proofR, SuiteMath.of(suite).encodeScalar(mu));
  }

  /** The Feldman commitments; their number is the threshold. */
  public List<GroupElement> commitments() {
    return commitments;
  }

  /** The proof's commitment {@code R}. */
  public GroupElement proofR() {
    return proofR;
  }

  /** The proof's response {@code mu}, a scalar encoding. */
  public byte[] proofZ() {
    return proofZ.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_DKG_COMMITMENT);
    Wire.writeU16(out, commitments.size());
    for (GroupElement c : commitments) {
      Wire.write(out, c.encode());
    }
    Wire.write(out, proofR.encode());
    Wire.write(out, proofZ);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "DkgCommitmentMessage[from " + sender() + ", " + commitments.size() + " commitments]";
  }
}
