package dev.mayfly.cert.tsa;

import dev.mayfly.cert.CertMintingException;

/**
 * Sends one RFC 3161 TimeStampReq to a time-stamping authority and returns its TimeStampResp
 * (RFC 3161 §2.4). Implementations move bytes only; {@link Timestamper} builds the request and
 * checks the answer.
 *
 * @since 0.1.0
 */
public interface TsaClient {
  /**
   * Exchanges a DER TimeStampReq for the authority's DER TimeStampResp.
   *
   * @throws CertMintingException {@link dev.mayfly.common.ErrorCode#CERT_TSA_UNAVAILABLE} when the
   *     authority cannot be reached or answers with an error
   */
  byte[] exchange(byte[] timeStampRequest) throws CertMintingException;
}
