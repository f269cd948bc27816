package dev.mayfly.cert.internal;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** Plain signature checks used by minting and verification before a result is trusted. */
public final class Signatures {
  private Signatures() {}

  /**
   * Whether {@code signature} is a valid {@code algorithm} signature over {@code message} under
   * {@code key}; malformed signatures count as invalid. Callers turn {@code false} into an
   * exception with their own code.
   */
  public static boolean isValid(
      GroupKeyAlgorithm algorithm, PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance(algorithm.jcaSignatureName(), Crypto.BC);
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
