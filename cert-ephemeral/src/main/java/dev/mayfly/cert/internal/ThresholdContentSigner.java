package dev.mayfly.cert.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import dev.mayfly.cert.mint.GroupPublicKey;
import dev.mayfly.cert.mint.SigningFunction;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;

/**
 * A Bouncy Castle {@link ContentSigner} whose key exists only behind a {@link SigningFunction},
 * so {@code X509v3CertificateBuilder}, {@code PKCS10CertificationRequestBuilder} and the CMS
 * generators work unchanged with a threshold key (DESIGN.md section 5).
 *
 * <p>The bytes written to {@link #getOutputStream()} are buffered; {@link #getSignature()} hands
 * them to the signing function once and verifies the result under the group key. Because
 * {@code ContentSigner} cannot throw checked exceptions, a failure surfaces as
 * {@link SigningFailure}, whose {@link SigningFailure#failure()} is the typed cause.
 *
 * <p><b>Security:</b> a signature that does not verify under the group key is never returned
 * ({@link ErrorCode#CERT_SIGNATURE_INVALID}).
 *
 * <p>Thread-safety: not thread-safe; use one instance per builder call.
 *
 * <p>Not API: it implements a Bouncy Castle interface, so it lives in an internal package (see
 * docs/architecture.md, "no third-party types in public signatures"). Hosts that need a signer
 * for another format wrap a {@link SigningFunction} themselves.
 *
 * @since 0.1.0
 */
public final class ThresholdContentSigner implements ContentSigner {
  private final SigningFunction function;
  private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  private ThresholdContentSigner(SigningFunction function) {
    this.function = function;
  }

  /** A content signer over {@code function}. */
  public static ThresholdContentSigner of(SigningFunction function) {
    return new ThresholdContentSigner(requireNonNull(function, "function"));
  }

  @Override
  public AlgorithmIdentifier getAlgorithmIdentifier() {
    return Crypto.signatureAlgorithm(function.groupPublicKey().algorithm());
  }

  @Override
  public OutputStream getOutputStream() {
    buffer = new ByteArrayOutputStream();
    return buffer;
  }

  /**
   * Signs the buffered bytes with the signing function.
   *
   * @throws SigningFailure when the function fails or returns an invalid signature
   */
  @Override
  public byte[] getSignature() {
    byte[] message = buffer.toByteArray();
    try {
      return signAndCheck(function, message);
    } catch (CertMintingException e) {
      throw new SigningFailure(e);
    }
  }

  /**
   * Signs {@code message} with {@code function} and verifies the signature under its group key.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_SIGNING_FAILED} (keeping the function's
   *     culprits) or {@link ErrorCode#CERT_SIGNATURE_INVALID}
   */
  public static byte[] signAndCheck(SigningFunction function, byte[] message) throws CertMintingException {
    byte[] signature;
    try {
      signature = function.sign(message);
    } catch (MayflyException e) {
      throw new CertMintingException(ErrorCode.CERT_SIGNING_FAILED,
          "threshold signing failed: " + e.code(), e.culprits(), e);
    }
    GroupPublicKey key = function.groupPublicKey();
    if (signature == null
        || !Signatures.isValid(key.algorithm(), key.publicKey(), message, signature)) {
      throw new CertMintingException(ErrorCode.CERT_SIGNATURE_INVALID,
          "signing function returned a signature that does not verify under the "
              + key.algorithm().id() + " group key");
    }
    return signature.clone();
  }

  /**
   * The unchecked carrier of a {@link CertMintingException} thrown through Bouncy Castle builders.
   *
   * @since 0.1.0
   */
  public static final class SigningFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SigningFailure(CertMintingException cause) {
      super(cause.getMessage(), cause);
    }

    /** The typed failure. */
    public CertMintingException failure() {
      return (CertMintingException) getCause();
    }
  }
}
