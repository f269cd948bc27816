package dev.mayfly.mpc.sign;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.MessageBase;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.internal.Wire;
import java.io.ByteArrayOutputStream;

/**
 * A signer's round-1 output (RFC 9591 §5.1): the hiding and binding nonce commitments
 * {@code (D_i, E_i)}, broadcast to the other signers.
 *
 * <p>Encoding: the common header (version 1, type 3, suite id, sender), then the hiding and the
 * binding commitment. Usable for exactly one signature.
 *
 * @since 0.1.0
 */
public final class SigningCommitments extends MessageBase {
  private final GroupElement hiding;
  private final GroupElement binding;

  SigningCommitments(Ciphersuite suite, PartyId sender, GroupElement hiding,
      GroupElement binding) {
    super(suite, sender, null);
    this.hiding = hiding;
    this.binding = binding;
  }

  /**
   * Parses and validates both elements.
   *
   * @throws ProtocolException {@code MPC_MALFORMED_MESSAGE}, {@code MPC_WRONG_CIPHERSUITE} or
   *     {@code MPC_INVALID_ELEMENT}, naming the sender
   */
  public static SigningCommitments parse(Ciphersuite suite, byte[] bytes)
      throws ProtocolException {
    requireNonNull(suite, "suite");
    requireNonNull(bytes, "bytes");
    Wire.Reader r =
        new Wire.Reader(bytes, suite, Wire.TYPE_SIGNING_COMMITMENTS, "signing commitments");
    GroupElement hiding = r.readElement("hiding commitment");
    GroupElement binding = r.readElement("binding commitment");
    r.finish();
    return new SigningCommitments(suite, r.sender(), hiding, binding);
  }

  /** The hiding nonce commitment {@code D_i}. */
  public GroupElement hiding() {
    return hiding;
  }

  /** The binding nonce commitment {@code E_i}. */
  public GroupElement binding() {
    return binding;
  }

  @Override
  public byte[] encode() {
    ByteArrayOutputStream out = header(Wire.TYPE_SIGNING_COMMITMENTS);
    Wire.write(out, hiding.encode());
    Wire.write(out, binding.encode());
    return out.toByteArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SigningCommitments c && c.ciphersuite() == ciphersuite() && c.sender().equals(sender())
        && c.hiding.equals(hiding) && c.binding.equals(binding);
  }

  @Override
  public int hashCode() {
    return sender().hashCode() * 31 + hiding.hashCode();
  }

  @Override
  public String toString() {
    return "SigningCommitments[from " + sender() + "]";
  }
}
