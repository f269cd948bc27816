package dev.mayfly.cert.mint;

import dev.mayfly.cert.CertMintingException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A certificate authority that turns an {@link IssuanceRequest} into a certificate, for
 * {@link IssuanceMode#CA_ISSUED} minting.
 *
 * <p>Implementations must check the request's signature (proof of possession of the group key),
 * keep the requested extensions, and use the requested validity. The minter checks the result
 * against the request anyway and refuses anything else.
 *
 * @since 0.1.0
 */
public interface CertificateIssuer {
  /**
   * Issues a certificate for the request.
   *
   * @return the leaf first, then any intermediates (the root may be omitted)
   * @throws CertMintingException {@link dev.mayfly.common.ErrorCode#CERT_CSR_INVALID} when the
   *     request is refused, or another code when the issuer failed
   */
  List<X509Certificate> issue(IssuanceRequest request) throws CertMintingException;
}
