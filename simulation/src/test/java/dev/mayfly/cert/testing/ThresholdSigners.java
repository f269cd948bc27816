package dev.mayfly.cert.testing;

import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.SigningFunction;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.InProcessEcdsa;
import dev.mayfly.mpc.InProcessFrost;
import java.security.SecureRandom;
import java.util.List;

/** Signing functions that run a real threshold signing round with mpc-core's in-process runners. */
public final class ThresholdSigners {
  private ThresholdSigners() {}

  /** FROST(Ed25519, SHA-512) signing among {@code signers} of {@code frost}'s group. */
  public static SigningFunction frost(InProcessFrost frost, List<PartyId> signers) {
    return of(GroupPublicKey.ed25519(frost.publicKeyPackage().groupPublicKeyBytes()),
        message -> frost.sign(message, signers, new SecureRandom()).bytes());
  }

  /** DKLs23 ECDSA P-256 signing among {@code signers} of {@code ecdsa}'s group (DER signature). */
  public static SigningFunction ecdsa(InProcessEcdsa ecdsa, List<PartyId> signers) {
    return of(GroupPublicKey.parse(ecdsa.publicKey().subjectPublicKeyInfo()),
        message -> ecdsa.sign(message, signers, new SecureRandom()).der());
  }

  /** One signing round over a message. */
  private interface Round {
    byte[] sign(byte[] message) throws ProtocolException;
  }

  private static SigningFunction of(GroupPublicKey key, Round round) {
    return new SigningFunction() {
      @Override
      public GroupPublicKey groupPublicKey() {
        return key;
      }

      @Override
      public byte[] sign(byte[] message) throws ProtocolException {
        return round.sign(message);
      }
    };
  }
}
