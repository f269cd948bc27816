package dev.mayfly.cert.tsa;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.CertVerificationException;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.jspecify.annotations.Nullable;

/**
 * Obtains an RFC 3161 timestamp over a signature (DESIGN.md section 5): a SHA-256 message imprint
 * of the exact signature bytes, a random 64-bit nonce, and a request for the TSA certificate
 * (RFC 3161 §2.4.1).
 *
 * <p>The answer is checked against the request (status, imprint, nonce, policy) and then verified
 * with the {@link TimestampVerifier}, so only a timestamp that a verifier will accept is returned.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class Timestamper {
  private final TsaClient client;
  private final TimestampVerifier verifier;
  private final @Nullable ASN1ObjectIdentifier policy;
  private final SecureRandom random = new SecureRandom();

  private Timestamper(
      TsaClient client, TimestampVerifier verifier, @Nullable ASN1ObjectIdentifier policy) {
    this.client = client;
    this.verifier = verifier;
    this.policy = policy;
  }

  /** A timestamper sending requests through {@code client}, without a requested policy. */
  public static Timestamper create(TsaClient client, TimestampVerifier verifier) {
    return new Timestamper(requireNonNull(client, "client"), requireNonNull(verifier, "verifier"),
        null);
  }

  /** A copy that asks the TSA for the policy with this OID (RFC 3161 reqPolicy). */
  public Timestamper withPolicy(String policyOid) {
    requireNonNull(policyOid, "policyOid");
    return new Timestamper(client, verifier, new ASN1ObjectIdentifier(policyOid));
  }

  /**
   * Timestamps {@code signature}.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_TSA_UNAVAILABLE} (from the client),
   *     {@link ErrorCode#CERT_TSA_REJECTED} when the TSA refuses, or
   *     {@link ErrorCode#CERT_TIMESTAMP_INVALID} when its answer does not verify
   */
  public VerifiedTimestamp timestamp(byte[] signature) throws CertMintingException {
    requireNonNull(signature, "signature");
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    if (policy != null) {
      generator.setReqPolicy(policy);
    }
    TimeStampRequest request = generator.generate(
        TSPAlgorithms.SHA256, Crypto.sha256(signature), new BigInteger(64, random));
    byte[] answer;
    try {
      answer = client.exchange(request.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode TimeStampReq", e);
    }
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(answer);
    } catch (TSPException | IOException | RuntimeException e) {
      throw new CertMintingException(
          ErrorCode.CERT_TIMESTAMP_INVALID, "TSA answer does not parse", e);
    }
    if (response.getStatus() != PKIStatus.GRANTED
        && response.getStatus() != PKIStatus.GRANTED_WITH_MODS) {
      throw new CertMintingException(ErrorCode.CERT_TSA_REJECTED, "TSA refused the request: status "
          + response.getStatus() + " " + response.getStatusString()
          + " failInfo " + (response.getFailInfo() == null ? "none" : response.getFailInfo().intValue()));
    }
    try {
      response.validate(request);
    } catch (TSPException e) {
      throw new CertMintingException(
          ErrorCode.CERT_TIMESTAMP_INVALID, "TSA answer does not match the request", e);
    }
    try {
      return verifier.verify(answer, signature);
    } catch (CertVerificationException e) {
      throw new CertMintingException(e.code(), e.getMessage(), e);
    }
  }
}
