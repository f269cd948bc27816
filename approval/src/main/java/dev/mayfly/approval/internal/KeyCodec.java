package dev.mayfly.approval.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Bouncy Castle glue for approver keys: SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 8410 §4,
 * RFC 5480 §2) parsing and encoding, PEM (RFC 7468), and Ed25519 / ECDSA P-256 signing and
 * verification with Bouncy Castle's lightweight API.
 *
 * @since 0.1.0
 */
public final class KeyCodec {
  /** Length of an Ed25519 seed, an Ed25519 public key and a P-256 scalar. */
  public static final int KEY_BYTES = 32;

  /** The P-256 domain with its OID, so encodings use the named curve. */
  public static final ECNamedDomainParameters P256 =
      ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1);

  /** The Ed25519 algorithm identifier, id-Ed25519 (RFC 8410 §3). */
  public static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");

  private static final int PEM_MAX_CHARS = 16 * 1024;

  private KeyCodec() {}

  /**
   * Parses a DER SubjectPublicKeyInfo holding an Ed25519 key or an ECDSA key on the named curve
   * P-256 (uncompressed point). The encoding must be exactly the canonical DER.
   *
   * @throws ApprovalException APPROVAL_MALFORMED
   */
  public static AsymmetricKeyParameter parseSpki(byte[] der) throws ApprovalException {
    requireNonNull(der, "der");
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      if (spki == null || !Arrays.equals(spki.getEncoded(ASN1Encoding.DER), der)) {
        throw StrictJson.malformed("public key is not a DER SubjectPublicKeyInfo");
      }
    } catch (IOException | RuntimeException e) {
      // Bouncy Castle signals bad ASN.1 with IOException and several runtime exceptions.
      throw new ApprovalException(
          ErrorCode.APPROVAL_MALFORMED, "public key is not a DER SubjectPublicKeyInfo", e);
    }
    AlgorithmIdentifier alg = spki.getAlgorithm();
    ASN1ObjectIdentifier oid = alg.getAlgorithm();
    byte[] key = spki.getPublicKeyData().getBytes();
    if (spki.getPublicKeyData().getPadBits() != 0) {
      throw StrictJson.malformed("public key bit string has unused bits");
    }
    if (oid.equals(ID_ED25519)) {
      if (alg.getParameters() != null) {
        throw StrictJson.malformed("Ed25519 public key has algorithm parameters (RFC 8410 §3)");
      }
      if (key.length != KEY_BYTES || !Ed25519.validatePublicKeyFull(key, 0)) {
        throw StrictJson.malformed("Ed25519 public key is not a valid point");
      }
      return new Ed25519PublicKeyParameters(key);
    }
    if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      if (alg.getParameters() == null
          || !SECObjectIdentifiers.secp256r1.equals(alg.getParameters())) {
        throw StrictJson.malformed("EC public key is not on the named curve P-256 (secp256r1)");
      }
      if (key.length != 1 + 2 * KEY_BYTES || key[0] != 0x04) {
        throw StrictJson.malformed("P-256 public key is not an uncompressed point");
      }
      try {
        ECPoint point = P256.getCurve().decodePoint(key);
        return new ECPublicKeyParameters(point, P256);
      } catch (IllegalArgumentException e) {
        throw new ApprovalException(
            ErrorCode.APPROVAL_MALFORMED, "P-256 public key is not a valid point", e);
      }
    }
    throw StrictJson.malformed(
        "public key algorithm " + oid.getId() + " is neither Ed25519 nor ECDSA P-256");
  }

  /** Canonical DER SubjectPublicKeyInfo of an Ed25519 or P-256 public key. */
  public static byte[] encodeSpki(AsymmetricKeyParameter publicKey) {
    try {
      return SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(publicKey)
          .getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a public key in memory", e);
    }
  }

  /** The public key of an Ed25519 seed. */
  public static Ed25519PublicKeyParameters ed25519Public(byte[] seed) {
    return new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey();
  }

  /** The public key of a P-256 scalar (fixed-point comb, as Bouncy Castle's key generator uses). */
  public static ECPublicKeyParameters p256Public(byte[] scalar) {
    BigInteger d = new BigInteger(1, scalar);
    ECPoint q = new FixedPointCombMultiplier().multiply(P256.getG(), d).normalize();
    return new ECPublicKeyParameters(q, P256);
  }

  /** Whether {@code scalar} is a valid P-256 private key: 1 ≤ d &lt; n. */
  public static boolean isValidP256Scalar(byte[] scalar) {
    BigInteger d = new BigInteger(1, scalar);
    return d.signum() > 0 && d.compareTo(P256.getN()) < 0;
  }

  /**
   * Signs {@code message}: Ed25519 over the message, or deterministic ECDSA P-256 (RFC 6979)
   * over SHA-256 of the message with a DER signature.
   *
   * @param ed25519 whether {@code secret} is an Ed25519 seed (else a P-256 scalar)
   */
  public static byte[] sign(boolean ed25519, byte[] secret, byte[] message) {
    if (ed25519) {
      Ed25519Signer signer = new Ed25519Signer();
      signer.init(true, new Ed25519PrivateKeyParameters(secret, 0));
      signer.update(message, 0, message.length);
      return signer.generateSignature();
    }
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret), P256));
    BigInteger[] rs = signer.generateSignature(Sha256.hash(message));
    try {
      return StandardDSAEncoding.INSTANCE.encode(P256.getN(), rs[0], rs[1]);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding a signature in memory", e);
    }
  }

  /**
   * Whether {@code signature} verifies over {@code message} under {@code publicKey}. ECDSA
   * signatures must be canonical DER with 0 &lt; r, s &lt; n.
   */
  public static boolean verify(AsymmetricKeyParameter publicKey, byte[] message, byte[] signature) {
    if (publicKey instanceof Ed25519PublicKeyParameters) {
      Ed25519Signer verifier = new Ed25519Signer();
      verifier.init(false, publicKey);
      verifier.update(message, 0, message.length);
      return verifier.verifySignature(signature);
    }
    BigInteger[] rs;
    try {
      // decode() refuses non-canonical DER, trailing bytes and values outside 1..n-1.
      rs = StandardDSAEncoding.INSTANCE.decode(P256.getN(), signature);
    } catch (IOException | RuntimeException e) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, publicKey);
    return verifier.verifySignature(Sha256.hash(message), rs[0], rs[1]);
  }

  /**
   * The DER body of the single PEM block of type {@code type} in {@code text}; text before and
   * after the block is refused, except surrounding whitespace.
   *
   * @throws ApprovalException APPROVAL_MALFORMED naming {@code what}
   */
  public static byte[] readPem(String text, String type, String what) throws ApprovalException {
    requireNonNull(text, "text");
    if (text.length() > PEM_MAX_CHARS) {
      throw StrictJson.malformed(what + " PEM is longer than " + PEM_MAX_CHARS + " characters");
    }
    String trimmed = text.strip();
    if (!trimmed.startsWith("-----BEGIN " + type + "-----")
        || !trimmed.endsWith("-----END " + type + "-----")) {
      throw StrictJson.malformed(what + " is not one PEM block of type " + type);
    }
    try (PemReader reader = new PemReader(new StringReader(trimmed))) {
      PemObject object = reader.readPemObject();
      if (object == null || !type.equals(object.getType()) || !object.getHeaders().isEmpty()
          || reader.readPemObject() != null) {
        throw StrictJson.malformed(what + " is not one PEM block of type " + type);
      }
      return object.getContent();
    } catch (IOException | RuntimeException e) {
      throw new ApprovalException(ErrorCode.APPROVAL_MALFORMED, what + " is not valid PEM", e);
    }
  }

  /** PEM text (RFC 7468) of {@code der} under {@code type}, with {@code \n} line ends. */
  public static String writePem(String type, byte[] der) {
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject(type, der));
    } catch (IOException e) {
      throw new UncheckedIOException("writing PEM in memory", e);
    }
    return out.toString().replace("\r\n", "\n");
  }
}
