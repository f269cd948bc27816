package dev.mayfly.mpc.ecdsa;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.SortedMap;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.jspecify.annotations.Nullable;

/**
 * The public outcome of a threshold ECDSA key generation: the group's P-256 public key, every
 * participant's verifying share {@code x_i * G} and the threshold.
 *
 * <p>The group key is an ordinary ECDSA P-256 public key: {@link #subjectPublicKeyInfo()} and
 * {@link #toJavaPublicKey()} give it in the forms X.509 certificates, the JDK and OpenSSL use.
 *
 * <p>Immutable and safe to share.
 *
 * @since 0.1.0
 */
public final class EcdsaPublicKey {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("P-256");
  private static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(
      SECObjectIdentifiers.secp256r1, CURVE);

  private final PublicKeyPackage keys;
  /**
   * The verification key, made once: Bouncy Castle keeps its multiplication tables on the point,
   * so every later verification under this key reuses them (public data; Bouncy Castle builds
   * them under the point's lock).
   */
  private volatile @Nullable ECPublicKeyParameters parameters;

  EcdsaPublicKey(PublicKeyPackage keys) {
    if (keys.ciphersuite() != Ciphersuite.p256Sha256()) {
      throw new IllegalArgumentException("threshold ECDSA keys are P-256 keys");
    }
    this.keys = keys;
  }

  /** The minimum number of signers (t). */
  public int threshold() {
    return keys.threshold();
  }

  /** The number of participants (n). */
  public int participantCount() {
    return keys.participantCount();
  }

  /** The participants in ascending order. */
  public List<PartyId> participants() {
    return keys.participants();
  }

  /** Whether {@code party} holds a share of this key. */
  public boolean isParticipant(PartyId party) {
    return keys.isParticipant(party);
  }

  /** The group public key as a group element. */
  public GroupElement groupPublicKey() {
    return keys.groupPublicKey();
  }

  /** The verifying share {@code x_i * G} of {@code party}. */
  public GroupElement verifyingShare(PartyId party) {
    return keys.verifyingShare(party);
  }

  /** All verifying shares in ascending party order. */
  public SortedMap<PartyId, GroupElement> verifyingShares() {
    return keys.verifyingShares();
  }

  /** The same values as a {@link PublicKeyPackage} over the P-256 group. */
  public PublicKeyPackage publicKeyPackage() {
    return keys;
  }

  /** The group key as a SEC 1 compressed point (33 bytes). */
  public byte[] compressed() {
    return keys.groupPublicKeyBytes();
  }

  ECPoint point() {
    return CURVE.getCurve().decodePoint(compressed());
  }

  /** The group key as a SEC 1 uncompressed point {@code 04 || x || y} (65 bytes). */
  public byte[] uncompressed() {
    return point().getEncoded(false);
  }

  /** The DER X.509 SubjectPublicKeyInfo (id-ecPublicKey, named curve prime256v1). */
  public byte[] subjectPublicKeyInfo() {
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
          new ECPublicKeyParameters(point(), DOMAIN));
      return info.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a SubjectPublicKeyInfo failed", e);
    }
  }

  /** The group key as a JDK {@code EC} public key. */
  public PublicKey toJavaPublicKey() {
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot load a P-256 key", e);
    }
  }

  ECPublicKeyParameters parameters() {
    ECPublicKeyParameters p = parameters;
    if (p == null) {
      p = new ECPublicKeyParameters(point(), DOMAIN);
      parameters = p;
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcdsaPublicKey k && k.keys.equals(keys);
  }

  @Override
  public int hashCode() {
    return keys.hashCode();
  }

  @Override
  public String toString() {
    return "EcdsaPublicKey[P-256, " + threshold() + "-of-" + participantCount() + ", "
        + keys.groupPublicKey() + "]";
  }
}
