package dev.mayfly.cert.mint;

import dev.mayfly.common.MayflyException;

/**
 * Signs a message with a group key that may exist only as shares, for example by running a FROST
 * signing round (RFC 9591 §5) among the parties of a ceremony.
 *
 * <p>The contract is that of a plain signer for {@link #groupPublicKey()}: Ed25519 signs the
 * message itself (RFC 8032 §5.1.6); ECDSA P-256 signs SHA-256 of the message and returns the DER
 * signature. Implementations may refuse a message (a party that built other to-be-signed bytes
 * than the ones offered) by throwing a {@link MayflyException} naming the culprits.
 *
 * <p><b>Security:</b> callers never trust the result blindly: the minter verifies every signature
 * under the group key before using it.
 *
 * @since 0.1.0
 */
public interface SigningFunction {
  /** The key whose signatures this function produces. */
  GroupPublicKey groupPublicKey();

  /**
   * Signs {@code message}.
   *
   * @throws MayflyException when the signature cannot be produced (a peer failed, refused, or
   *     cheated); its culprits are kept by the minter
   */
  byte[] sign(byte[] message) throws MayflyException;
}
