package dev.mayfly.cert.testing;

import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.SigningFunction;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A non-threshold signing function over an ordinary JCA key pair, for tests. */
public final class PlainSigner implements SigningFunction {
  private final KeyPair keyPair;
  private final GroupPublicKey groupKey;

  private PlainSigner(KeyPair keyPair) {
    this.keyPair = keyPair;
    this.groupKey = GroupPublicKey.of(keyPair.getPublic());
  }

  /** A fresh Ed25519 signer. */
  public static PlainSigner ed25519() {
    try {
      return new PlainSigner(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh ECDSA P-256 signer. */
  public static PlainSigner p256() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      return new PlainSigner(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh signer of the algorithm. */
  public static PlainSigner of(GroupKeyAlgorithm algorithm) {
    return algorithm == GroupKeyAlgorithm.ED25519 ? ed25519() : p256();
  }

  /** The private key (tests only). */
  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  @Override
  public GroupPublicKey groupPublicKey() {
    return groupKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance(groupKey.algorithm().jcaSignatureName());
      signature.initSign(keyPair.getPrivate());
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
