package dev.mayfly.mpc.keygen;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.SecretMessage;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * DKG round 2 point-to-point message (FROST paper, Figure 1, round 2 step 1): the secret share
 * {@code f_sender(recipient)} of the sender's polynomial.
 *
 * <p>Encoding: the common header (version 1, type 2, suite id, sender), the recipient (uint16),
 * then the share scalar.
 *
 * <p><b>Security:</b> this message carries a secret. {@link #encode()} returns it in the clear:
 * send those bytes only encrypted to the recipient (the ceremony HPKE-encrypts them) and wipe the
 * array afterwards. The object itself is destroyable; the receiving state machine destroys what it
 * parsed once the share is absorbed.
 *
 * @since 0.1.0
 */
public final class DkgShareMessage extends SecretMessage {
  private final int[] share;

  /** Takes ownership of {@code share}. */
  DkgShareMessage(Ciphersuite suite, PartyId sender, PartyId recipient, int[] share) {
    super(suite, suite.id(), sender, recipient);
    this.share = share;
  }

  /**
   * Parses and validates the share.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE} or
   *     {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static DkgShareMessage parse(Ciphersuite suite, byte[] bytes) throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(bytes, "bytes");
    Wire.Reader r = new Wire.Reader(bytes, suite, Wire.TYPE_DKG_SHARE, "DKG share");
    PartyId recipient = r.readPartyId("recipient");
    int[] share = r.readScalar("share");
    try {
      r.finish();
    } catch (ProtocolException e) {
      ScalarField.wipe(share);
      throw e;
    }
    if (recipient.equals(r.sender())) {
      ScalarField.wipe(share);
      throw r.fail(ErrorCode.MPC_MALFORMED_MESSAGE, "DKG share is addressed to its sender");
    }
    return new DkgShareMessage(suite, r.sender(), recipient, share);
  }

  /** The share as scalar limbs (not a copy); only for the key generation code. */
  int[] share() {
    checkLive();
    return share;
  }

  /** Returns the secret share in the clear; see the class's Security note. */
  @Override
  public byte[] encode() {
    checkLive();
    ByteArrayOutputStream out = header(Wire.TYPE_DKG_SHARE);
    Wire.writeU16(out, recipient().orElseThrow().value());
    byte[] scalar = SuiteMath.of(ciphersuite()).encodeScalar(share);
    Wire.write(out, scalar);
    Arrays.fill(scalar, (byte) 0);
    return drain(out);
  }

  /** The live limb array, for the wiping tests. */
  int[] shareForTest() {
    return share;
  }

  @Override
  protected void wipe() {
    ScalarField.wipe(share);
  }
}
