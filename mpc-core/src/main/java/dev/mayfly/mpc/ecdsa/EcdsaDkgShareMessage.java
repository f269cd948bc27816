package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.SecretMessage;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ecdsa.internal.BaseOt;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.PairSetup;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.DkgShareMessage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Threshold ECDSA key generation, round 2 point-to-point message: the sender's secret Feldman share
 * for the recipient (an embedded FROST(P-256) {@link DkgShareMessage}), its contribution to the
 * pair's zero-sharing seed, and its endemic-OT receiver message towards the recipient's base-OT
 * key ({@link BaseOt}: a seed, then per OT {@code u}, {@code v} and an OR proof).
 *
 * <p>Encoding: the common header (version 1, type 7, protocol id 3, sender), the recipient
 * (uint16), the embedded message length (uint16) and bytes (same sender and recipient), the
 * 32-byte seed contribution, the 32-byte base-OT seed, then 128 times six compressed points
 * ({@code u, v} and the proof's commitments) and three scalars.
 *
 * <p><b>Security:</b> this message carries secrets ({@link #carriesSecret()}): {@link #encode()}
 * returns the share and the seed contribution in the clear, so send those bytes only encrypted to
 * the recipient and wipe them afterwards. The receiving state machine destroys what it parsed.
 *
 * @since 0.1.0
 */
public final class EcdsaDkgShareMessage extends SecretMessage {
  private final byte[] feldman;
  private final byte[] zeroContribution;
  private final byte[] otMessage;
  private final BaseOt.@Nullable ReceiverMessage decoded;

  /** Takes ownership of the arrays; {@code decoded} is null for an outgoing message. */
  EcdsaDkgShareMessage(PartyId sender, PartyId recipient, byte[] feldman,
      byte[] zeroContribution, byte[] otMessage, BaseOt.@Nullable ReceiverMessage decoded) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, recipient);
    if (otMessage.length != BaseOt.MESSAGE_BYTES) {
      throw new IllegalArgumentException("expected " + BaseOt.MESSAGE_BYTES + " base-OT bytes");
    }
    this.feldman = feldman;
    this.zeroContribution = zeroContribution;
    this.otMessage = otMessage;
    this.decoded = decoded;
  }

  /**
   * Parses and validates every field, the embedded share included.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE},
   *     {@code MPC_INVALID_ELEMENT} or {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static EcdsaDkgShareMessage parse(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = EcdsaCodec.reader(bytes, Wire.TYPE_ECDSA_DKG_SHARE, "ECDSA DKG share");
    PartyId recipient = r.readPartyId("recipient");
    byte[] feldman = r.readBytes(r.readU16(), "embedded share");
    byte[] zero = r.readBytes(PairSetup.SEED_BYTES, "zero-sharing seed contribution");
    try {
      byte[] otSeed = r.readBytes(BaseOt.SEED_BYTES, "base-OT seed");
      GroupElement[] points = new GroupElement[6 * BaseOt.COUNT];
      int[][] scalars = new int[3 * BaseOt.COUNT][];
      for (int k = 0; k < BaseOt.COUNT; k++) {
        for (int i = 0; i < 6; i++) {
          points[6 * k + i] = r.readElement("base-OT point " + i + " of OT " + k);
        }
        for (int i = 0; i < 3; i++) {
          scalars[3 * k + i] = r.readScalar("base-OT proof scalar " + i + " of OT " + k);
        }
      }
      r.finish();
      byte[] raw = Arrays.copyOfRange(bytes, bytes.length - BaseOt.MESSAGE_BYTES, bytes.length);
      EcdsaDkgCommitmentMessage.checkEmbeddedSender(r, feldman, "embedded share");
      if (feldman.length < Wire.HEADER_BYTES + 2
          || (((feldman[5] & 0xFF) << 8) | (feldman[6] & 0xFF)) != recipient.value()) {
        throw r.fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            "embedded share is not addressed to " + recipient);
      }
      DkgShareMessage.parse(EcdsaCodec.GROUP, feldman).destroy();
      return new EcdsaDkgShareMessage(r.sender(), recipient, feldman, zero, raw,
          new BaseOt.ReceiverMessage(otSeed, points, scalars));
    } catch (ProtocolException | RuntimeException e) {
      Arrays.fill(feldman, (byte) 0);
      Arrays.fill(zero, (byte) 0);
      throw e;
    }
  }

  /** The embedded FROST(P-256) share message (not a copy). */
  byte[] feldman() {
    checkLive();
    return feldman;
  }

  /** The zero-sharing seed contribution (not a copy). */
  byte[] zeroContribution() {
    checkLive();
    return zeroContribution;
  }

  /** The base-OT receiver message of a parsed message. */
  BaseOt.ReceiverMessage otMessage() {
    if (decoded == null) {
      throw new IllegalStateException("an outgoing message has no decoded base-OT message");
    }
    return decoded;
  }

  /** Returns the secrets in the clear; see the class's Security note. */
  @Override
  public byte[] encode() {
    checkLive();
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_DKG_SHARE);
    Wire.writeU16(out, recipient().orElseThrow().value());
    Wire.writeU16(out, feldman.length);
    Wire.write(out, feldman);
    Wire.write(out, zeroContribution);
    Wire.write(out, otMessage);
    return drain(out);
  }

  /** The live secret arrays, for the wiping tests. */
  byte[][] arraysForTest() {
    return new byte[][] {feldman, zeroContribution};
  }

  @Override
  protected void wipe() {
    Arrays.fill(feldman, (byte) 0);
    Arrays.fill(zeroContribution, (byte) 0);
  }
}
