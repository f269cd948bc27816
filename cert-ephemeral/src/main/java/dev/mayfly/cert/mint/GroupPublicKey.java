package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.internal.Crypto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;

/**
 * The public key of a signing group (no secret): an Ed25519 or ECDSA P-256 key, kept as its
 * DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7).
 *
 * @since 0.1.0
 */
public final class GroupPublicKey {
  private final GroupKeyAlgorithm algorithm;
  private final byte[] subjectPublicKeyInfo;
  private final PublicKey publicKey;

  private GroupPublicKey(GroupKeyAlgorithm algorithm, byte[] spki, PublicKey publicKey) {
    this.algorithm = algorithm;
    this.subjectPublicKeyInfo = spki;
    this.publicKey = publicKey;
  }

  /**
   * The Ed25519 group key with these 32 bytes (RFC 8032 §5.1.5 encoding), for example a FROST
   * group verifying key.
   *
   * @throws IllegalArgumentException when the bytes are not 32 long
   */
  public static GroupPublicKey ed25519(byte[] raw) {
    requireNonNull(raw, "raw");
    if (raw.length != 32) {
      throw new IllegalArgumentException("Ed25519 public key must be 32 bytes, got " + raw.length);
    }
    try {
      SubjectPublicKeyInfo info =
          new SubjectPublicKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519), raw);
      return parse(info.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode Ed25519 key", e);
    }
  }

  /**
   * The group key of a JCA public key (Ed25519 or EC on P-256).
   *
   * @throws IllegalArgumentException for any other key type or curve
   */
  public static GroupPublicKey of(PublicKey key) {
    requireNonNull(key, "key");
    return parse(key.getEncoded());
  }

  /**
   * Parses a DER SubjectPublicKeyInfo holding an Ed25519 or P-256 key.
   *
   * @throws IllegalArgumentException when the bytes are not such a key
   */
  public static GroupPublicKey parse(byte[] subjectPublicKeyInfo) {
    requireNonNull(subjectPublicKeyInfo, "subjectPublicKeyInfo");
    SubjectPublicKeyInfo info;
    try {
      info = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a SubjectPublicKeyInfo", e);
    }
    ASN1ObjectIdentifier oid = info.getAlgorithm().getAlgorithm();
    GroupKeyAlgorithm algorithm;
    String keyFactory;
    if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
      algorithm = GroupKeyAlgorithm.ED25519;
      keyFactory = "Ed25519";
    } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)
        && info.getAlgorithm().getParameters() != null
        && (SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())
            || X9ObjectIdentifiers.prime256v1.equals(info.getAlgorithm().getParameters()))) {
      algorithm = GroupKeyAlgorithm.ECDSA_P256;
      keyFactory = "EC";
    } else {
      throw new IllegalArgumentException("group key must be Ed25519 or ECDSA P-256, got " + oid);
    }
    try {
      byte[] der = info.getEncoded("DER");
      PublicKey key = KeyFactory.getInstance(keyFactory, Crypto.BC)
          .generatePublic(new X509EncodedKeySpec(der));
      return new GroupPublicKey(algorithm, der, key);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new IllegalArgumentException("invalid " + algorithm.id() + " public key", e);
    }
  }

  /** The key's algorithm. */
  public GroupKeyAlgorithm algorithm() {
    return algorithm;
  }

  /** A copy of the DER SubjectPublicKeyInfo. */
  public byte[] subjectPublicKeyInfo() {
    return subjectPublicKeyInfo.clone();
  }

  /** The key as a JCA public key (Bouncy Castle implementation). */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The raw key bits: 32 bytes for Ed25519, the 65-byte uncompressed point for P-256. */
  public byte[] rawBytes() {
    return SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getPublicKeyData().getBytes();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GroupPublicKey that
        && Arrays.equals(subjectPublicKeyInfo, that.subjectPublicKeyInfo);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(subjectPublicKeyInfo);
  }

  @Override
  public String toString() {
    return "GroupPublicKey[" + algorithm.id() + "]";
  }
}
