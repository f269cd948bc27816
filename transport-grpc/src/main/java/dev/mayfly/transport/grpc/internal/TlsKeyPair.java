package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * The TLS key pair of one party process (ECDSA P-256), made inside the process at start.
 *
 * <p><b>Security:</b> the private key never leaves this holder except to the JDK's TLS engine
 * through the key manager. {@link #destroy()} drops the reference and asks the key to destroy
 * itself; the JDK's EC keys do not support that, so the wipe is best effort (the key object stays
 * on the heap until collected).
 */
public final class TlsKeyPair implements Destroyable, AutoCloseable {
  private final PublicKey publicKey;
  private volatile @Nullable PrivateKey privateKey;

  private TlsKeyPair(KeyPair pair) {
    this.publicKey = pair.getPublic();
    this.privateKey = pair.getPrivate();
  }

  /** A fresh P-256 key pair. */
  public static TlsKeyPair generate(SecureRandom random) {
    requireNonNull(random, "random");
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return new TlsKeyPair(generator.generateKeyPair());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make P-256 keys", e);
    }
  }

  /** The public key. */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The DER SubjectPublicKeyInfo of the public key. */
  public byte[] subjectPublicKeyInfo() {
    return publicKey.getEncoded();
  }

  /**
   * The private key, for the TLS engine and the certificate signer.
   *
   * @throws IllegalStateException after {@link #destroy()}
   */
  public PrivateKey privateKey() {
    PrivateKey key = privateKey;
    if (key == null) {
      throw new IllegalStateException("the TLS key was destroyed");
    }
    return key;
  }

  @Override
  public void destroy() {
    PrivateKey key = privateKey;
    privateKey = null;
    if (key != null && !key.isDestroyed()) {
      try {
        key.destroy();
      } catch (DestroyFailedException e) {
        // The JDK's EC keys cannot be destroyed; dropping the reference is all we can do.
      }
    }
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return privateKey == null;
  }

  @Override
  public String toString() {
    return "TlsKeyPair[P-256, private key redacted" + (isDestroyed() ? ", destroyed" : "") + "]";
  }
}
