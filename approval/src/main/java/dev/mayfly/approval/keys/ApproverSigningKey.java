package dev.mayfly.approval.keys;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.internal.KeyCodec;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.SecretAccess;
import dev.mayfly.common.SecretBytes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.util.BigIntegers;

/**
 * An approver's private key (Ed25519 seed or P-256 scalar) with its public key: generates keys,
 * signs, and moves the key in and out of PKCS#8 PEM (RFC 5208, RFC 5958, RFC 8410 §7).
 *
 * <p>The 32 secret bytes live in a {@link SecretBytes}; {@link #close()} wipes them and any later
 * use throws {@link IllegalStateException}. There is no {@code equals}, and {@code toString} is
 * redacted.
 *
 * <p><b>Security:</b> wiping is best effort: Bouncy Castle copies the key into its own parameter
 * objects for each signature (and a P-256 scalar passes through a {@code BigInteger}), and PEM
 * text passes through {@code String}s; none of those can be wiped. ECDSA signatures use
 * deterministic nonces (RFC 6979), so a weak random source at signing time cannot leak the key.
 *
 * <p>Thread-safety: signing is safe from several threads; {@link #close()} racing a signature may
 * make that signature fail with {@link IllegalStateException}.
 *
 * @since 0.1.0
 */
public final class ApproverSigningKey implements Destroyable, AutoCloseable {
  private static final String PEM_TYPE = "PRIVATE KEY";
  private static final int PKCS8_MAX_BYTES = 1024;

  private final KeyAlgorithm algorithm;
  private final SecretBytes secret;
  private final ApproverPublicKey publicKey;

  private ApproverSigningKey(KeyAlgorithm algorithm, SecretBytes secret, ApproverPublicKey publicKey) {
    this.algorithm = algorithm;
    this.secret = secret;
    this.publicKey = publicKey;
  }

  /** Generates a key with the platform's strong {@link SecureRandom}. */
  public static ApproverSigningKey generate(KeyAlgorithm algorithm) {
    return generate(algorithm, new SecureRandom());
  }

  /** Generates a key from {@code random} (tests pass a seeded one). */
  public static ApproverSigningKey generate(KeyAlgorithm algorithm, SecureRandom random) {
    requireNonNull(algorithm, "algorithm");
    requireNonNull(random, "random");
    byte[] raw = new byte[KeyCodec.KEY_BYTES];
    try {
      do {
        random.nextBytes(raw);
      } while (algorithm == KeyAlgorithm.ECDSA_P256 && !KeyCodec.isValidP256Scalar(raw));
      return fromSecret(algorithm, raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static ApproverSigningKey fromSecret(KeyAlgorithm algorithm, byte[] raw) {
    AsymmetricKeyParameter pub = algorithm == KeyAlgorithm.ED25519
        ? KeyCodec.ed25519Public(raw)
        : KeyCodec.p256Public(raw);
    return new ApproverSigningKey(
        algorithm,
        SecretBytes.copyOf(raw, InsecureSecretAccess.get()),
        ApproverPublicKey.of(pub));
  }

  /**
   * Parses one PEM block {@code -----BEGIN PRIVATE KEY-----} holding a PKCS#8 PrivateKeyInfo
   * (version 1 or 2) of an Ed25519 key or a P-256 key, as {@code openssl genpkey} writes. An
   * embedded public key, if present, must match the private key. The caller keeps and should
   * wipe {@code pemUtf8}.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything else
   */
  public static ApproverSigningKey parsePkcs8Pem(byte[] pemUtf8) throws ApprovalException {
    requireNonNull(pemUtf8, "pemUtf8");
    byte[] der = KeyCodec.readPem(
        new String(pemUtf8, StandardCharsets.UTF_8), PEM_TYPE, "private key");
    try {
      return parsePkcs8Der(der);
    } finally {
      Arrays.fill(der, (byte) 0);
    }
  }

  /**
   * Parses a DER PKCS#8 PrivateKeyInfo; see {@link #parsePkcs8Pem(byte[])}. The caller keeps and
   * should wipe {@code der}.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED}
   */
  public static ApproverSigningKey parsePkcs8Der(byte[] der) throws ApprovalException {
    requireNonNull(der, "der");
    if (der.length > PKCS8_MAX_BYTES) {
      throw StrictJson.malformed("private key is longer than " + PKCS8_MAX_BYTES + " bytes");
    }
    byte[] raw = null;
    try {
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      AlgorithmIdentifier alg = info.getPrivateKeyAlgorithm();
      KeyAlgorithm algorithm;
      byte[] embeddedPublic = null;
      if (alg.getAlgorithm().equals(KeyCodec.ID_ED25519)
          && alg.getParameters() == null) {
        algorithm = KeyAlgorithm.ED25519;
        raw = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        if (info.getPublicKeyData() != null) {
          embeddedPublic = info.getPublicKeyData().getOctets();
        }
      } else if (alg.getAlgorithm().equals(X9ObjectIdentifiers.id_ecPublicKey)
          && SECObjectIdentifiers.secp256r1.equals(alg.getParameters())) {
        algorithm = KeyAlgorithm.ECDSA_P256;
        ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
        if (ec.getParametersObject() != null
            && !SECObjectIdentifiers.secp256r1.equals(ec.getParametersObject())) {
          throw StrictJson.malformed("private key names two different curves");
        }
        raw = BigIntegers.asUnsignedByteArray(KeyCodec.KEY_BYTES, ec.getKey());
        ASN1BitString pub = ec.getPublicKey();
        if (pub != null) {
          embeddedPublic = pub.getOctets();
        }
        if (!KeyCodec.isValidP256Scalar(raw)) {
          throw StrictJson.malformed("P-256 private key is outside 1..n-1");
        }
      } else {
        throw StrictJson.malformed(
            "private key algorithm " + alg.getAlgorithm().getId()
                + " is neither Ed25519 nor ECDSA P-256");
      }
      if (raw.length != KeyCodec.KEY_BYTES) {
        throw StrictJson.malformed("Ed25519 private key is not 32 bytes");
      }
      ApproverSigningKey key = fromSecret(algorithm, raw);
      if (embeddedPublic != null && !Arrays.equals(embeddedPublic, key.rawPublicKey())) {
        key.destroy();
        throw StrictJson.malformed("private key carries a public key that does not match it");
      }
      return key;
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle signals bad ASN.1 with IOException and several runtime exceptions.
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED, "private key is not a DER PKCS#8 PrivateKeyInfo", e);
    } finally {
      if (raw != null) {
        Arrays.fill(raw, (byte) 0);
      }
    }
  }

  private byte[] rawPublicKey() {
    byte[] spki = publicKey.encoded();
    int keyBytes = algorithm == KeyAlgorithm.ED25519 ? KeyCodec.KEY_BYTES : 1 + 2 * KeyCodec.KEY_BYTES;
    return Arrays.copyOfRange(spki, spki.length - keyBytes, spki.length);
  }

  /** The signature algorithm. */
  public KeyAlgorithm algorithm() {
    return algorithm;
  }

  /** The matching public key (still usable after {@link #close()}). */
  public ApproverPublicKey publicKey() {
    return publicKey;
  }

  /**
   * Signs {@code message}: Ed25519 (RFC 8032 §5.1.6) over the message, or ECDSA P-256 with a
   * deterministic nonce (RFC 6979 §3.2) over SHA-256 of the message, DER-encoded.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public byte[] sign(byte[] message) {
    requireNonNull(message, "message");
    byte[] raw = secret.copyBytes(InsecureSecretAccess.get());
    try {
      return KeyCodec.sign(algorithm == KeyAlgorithm.ED25519, raw, message);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * The key as PKCS#8 PEM text ({@code -----BEGIN PRIVATE KEY-----}, UTF-8, {@code \n} line
   * ends), inside a holder the caller must close. Reading it needs a {@link SecretAccess} token.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public SecretBytes toPkcs8Pem() {
    byte[] raw = secret.copyBytes(InsecureSecretAccess.get());
    byte[] der = null;
    try {
      // Ed25519 as a version 1 PrivateKeyInfo without the public key (RFC 8410 §7): OpenSSL 3.0
      // refuses the version 2 form that Bouncy Castle's factory writes.
      PrivateKeyInfo info = algorithm == KeyAlgorithm.ED25519
          ? new PrivateKeyInfo(new AlgorithmIdentifier(KeyCodec.ID_ED25519), new DEROctetString(raw))
          : PrivateKeyInfoFactory.createPrivateKeyInfo(
              new ECPrivateKeyParameters(new BigInteger(1, raw), KeyCodec.P256));
      der = info.getEncoded(ASN1Encoding.DER);
      return SecretBytes.wrap(
          KeyCodec.writePem(PEM_TYPE, der).getBytes(StandardCharsets.UTF_8),
          InsecureSecretAccess.get());
    } catch (IOException e) {
      throw new IllegalStateException("encoding a private key in memory failed", e);
    } finally {
      Arrays.fill(raw, (byte) 0);
      if (der != null) {
        Arrays.fill(der, (byte) 0);
      }
    }
  }

  /** Wipes the secret bytes; idempotent. */
  @Override
  public void destroy() {
    secret.destroy();
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public boolean isDestroyed() {
    return secret.isDestroyed();
  }

  @Override
  public String toString() {
    return "ApproverSigningKey[" + algorithm.id() + ", keyid " + publicKey.keyId() + ", "
        + (isDestroyed() ? "destroyed" : "redacted") + "]";
  }
}
