package dev.mayfly.mpc.ecdsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ecdsa.internal.EcdsaCodec;
import dev.mayfly.mpc.ecdsa.internal.Rvole;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * Threshold ECDSA signing, round 2, point to point (DKLs23 Protocol 3.6, step 7): the opening of
 * the sender's instance point {@code R_i}, its public key share {@code pk_i}, the consistency
 * values {@code Gamma^u = c^u * G}, {@code Gamma^v = c^v * G} and {@code psi = phi_i - chi}, and
 * its multiplication message as the sender ("Alice") of the pair's random vector OLE: her nonce,
 * {@code tau}, the DKLs19 check values and hash, and the input adjustments {@code gamma}.
 *
 * <p>Encoding: the common header (version 1, type 9, protocol id 3, sender), the recipient
 * (uint16), nonce (32), {@code R_i} (33), salt (32), {@code pk_i} (33), {@code Gamma^u} (33),
 * {@code Gamma^v} (33), {@code psi} (32), {@code gamma_1, gamma_2} (2 × 32), check values
 * (2 × 32), check hash (32), {@code tau} (416 × 4 scalars): 53,643 bytes.
 *
 * <p><b>Security:</b> {@link #carriesSecret()} is true: send it encrypted to the recipient.
 *
 * @since 0.1.0
 */
public final class EcdsaSignRound2Message extends MessageBase {
  private final byte[] nonce;
  private final GroupElement instancePoint;
  private final byte[] salt;
  private final GroupElement publicShare;
  private final GroupElement gammaU;
  private final GroupElement gammaV;
  private final byte[] psi;
  private final byte[] gamma;
  private final byte[] checkValues;
  private final byte[] checkHash;
  private final byte[] tau;

  EcdsaSignRound2Message(PartyId sender, PartyId recipient, byte[] nonce,
      GroupElement instancePoint, byte[] salt, GroupElement publicShare, GroupElement gammaU,
      GroupElement gammaV, byte[] psi, byte[] gamma, byte[] checkValues, byte[] checkHash,
      byte[] tau) {
    super(EcdsaCodec.GROUP, Wire.PROTOCOL_ECDSA_P256, sender, recipient);
    this.nonce = nonce.clone();
    this.instancePoint = instancePoint;
    this.salt = salt.clone();
    this.publicShare = publicShare;
    this.gammaU = gammaU;
    this.gammaV = gammaV;
    this.psi = psi.clone();
    this.gamma = gamma.clone();
    this.checkValues = checkValues.clone();
    this.checkHash = checkHash.clone();
    this.tau = tau.clone();
  }

  /**
   * Parses the message strictly: every element and every scalar is checked.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE},
   *     {@code MPC_INVALID_ELEMENT} or {@code MPC_INVALID_SCALAR}, naming the sender
   */
  public static EcdsaSignRound2Message parse(byte[] bytes) throws ProtocolException {
    requireNonNull(bytes, "bytes");
    Wire.Reader r = EcdsaCodec.reader(bytes, Wire.TYPE_ECDSA_SIGN_ROUND2,
        "ECDSA signing round 2");
    PartyId recipient = r.readPartyId("recipient");
    byte[] nonce = r.readBytes(EcdsaSignRound1Message.NONCE_BYTES, "nonce");
    GroupElement instancePoint = r.readElement("R");
    byte[] salt = r.readBytes(EcdsaSignRound1Message.NONCE_BYTES, "salt");
    GroupElement publicShare = r.readElement("pk");
    GroupElement gammaU = r.readElement("Gamma^u");
    GroupElement gammaV = r.readElement("Gamma^v");
    byte[] psi = r.readScalars(1, "psi");
    byte[] gamma = r.readScalars(Rvole.INPUTS, "gamma");
    byte[] checkValues = r.readScalars(Rvole.INPUTS, "check values");
    byte[] checkHash = r.readBytes(32, "check hash");
    byte[] tau = r.readScalars(Rvole.TAU_BYTES / Rvole.SCALAR_BYTES, "tau");
    r.finish();
    return new EcdsaSignRound2Message(r.sender(), recipient, nonce, instancePoint, salt,
        publicShare, gammaU, gammaV, psi, gamma, checkValues, checkHash, tau);
  }

  @Override
  public boolean carriesSecret() {
    return true;
  }

  byte[] nonce() {
    return nonce.clone();
  }

  GroupElement instancePoint() {
    return instancePoint;
  }

  byte[] salt() {
    return salt.clone();
  }

  GroupElement publicShare() {
    return publicShare;
  }

  GroupElement gammaU() {
    return gammaU;
  }

  GroupElement gammaV() {
    return gammaV;
  }

  byte[] psi() {
    return psi.clone();
  }

  byte[] gamma() {
    return gamma.clone();
  }

  byte[] checkValues() {
    return checkValues.clone();
  }

  byte[] checkHash() {
    return checkHash.clone();
  }

  byte[] tau() {
    return tau.clone();
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_ECDSA_SIGN_ROUND2);
    Wire.writeU16(out, recipient().orElseThrow().value());
    Wire.write(out, nonce);
    Wire.write(out, instancePoint.encode());
    Wire.write(out, salt);
    Wire.write(out, publicShare.encode());
    Wire.write(out, gammaU.encode());
    Wire.write(out, gammaV.encode());
    Wire.write(out, psi);
    Wire.write(out, gamma);
    Wire.write(out, checkValues);
    Wire.write(out, checkHash);
    Wire.write(out, tau);
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return "EcdsaSignRound2Message[from " + sender() + " to " + recipient().orElseThrow() + "]";
  }
}
