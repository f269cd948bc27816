package dev.mayfly.ceremony.internal;

import static java.util.Objects.requireNonNull;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.util.Bytes;
import java.security.GeneralSecurityException;
import javax.security.auth.Destroyable;
import org.jspecify.annotations.Nullable;

/**
 * A party's session HPKE key (RFC 9180: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256,
 * ChaCha20-Poly1305, through Tink), to which peers encrypt DKG shares end to end.
 *
 * <p><b>Security:</b> Tink owns the private key bytes and offers no way to overwrite them;
 * {@link #destroy()} drops the only reference and refuses further use, which is the best this
 * holder can do (docs/ceremony.md, "Destruction").
 */
public final class HpkeKeyPair implements Destroyable, AutoCloseable {
  static final HpkeParameters PARAMETERS;

  static {
    try {
      HybridConfig.register();
      PARAMETERS = HpkeParameters.builder()
          .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
          .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
          .setAeadId(HpkeParameters.AeadId.CHACHA20_POLY1305)
          .setVariant(HpkeParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private @Nullable HybridDecrypt decrypt;
  private final byte[] publicKey;

  private HpkeKeyPair(HybridDecrypt decrypt, byte[] publicKey) {
    this.decrypt = decrypt;
    this.publicKey = publicKey;
  }

  /** A fresh key pair from Tink's secure randomness. */
  public static HpkeKeyPair generate() {
    try {
      KeysetHandle handle = KeysetHandle.generateNew(PARAMETERS);
      HpkePublicKey pub = (HpkePublicKey) handle.getPublicKeysetHandle().getPrimary().getKey();
      return new HpkeKeyPair(handle.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class),
          pub.getPublicKeyBytes().toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HPKE key generation failed", e);
    }
  }

  /** The 32-byte X25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Encrypts {@code plaintext} to the holder of {@code recipientPublicKey}, bound to {@code
   * context} (authenticated, not encrypted).
   *
   * @throws GeneralSecurityException if the public key is not a valid X25519 key
   */
  public static byte[] seal(byte[] recipientPublicKey, byte[] plaintext, byte[] context)
      throws GeneralSecurityException {
    requireNonNull(recipientPublicKey, "recipientPublicKey");
    HpkePublicKey key = HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(recipientPublicKey), null);
    KeysetHandle handle = KeysetHandle.newBuilder()
        .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
        .build();
    return handle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class)
        .encrypt(plaintext, context);
  }

  /**
   * Decrypts a ciphertext made by {@link #seal} for this key with the same {@code context}.
   *
   * @throws GeneralSecurityException if it does not decrypt
   * @throws IllegalStateException if destroyed
   */
  public byte[] open(byte[] ciphertext, byte[] context) throws GeneralSecurityException {
    HybridDecrypt d = decrypt;
    if (d == null) {
      throw new IllegalStateException("HPKE key was destroyed");
    }
    return d.decrypt(ciphertext, context);
  }

  @Override
  public void destroy() {
    decrypt = null;
  }

  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return decrypt == null;
  }

  @Override
  public String toString() {
    return "HpkeKeyPair[X25519, private key " + (isDestroyed() ? "destroyed" : "redacted") + "]";
  }
}
