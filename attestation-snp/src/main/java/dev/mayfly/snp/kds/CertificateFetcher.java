package dev.mayfly.snp.kds;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbVersion;
import java.util.List;

/**
 * Obtains AMD endorsement certificates and CRLs (AMD KDS interface specification): the host
 * decides whether and how the network is used.
 *
 * <p>Implementations must be thread-safe. Outages throw retryable codes ({@code
 * SNP_KDS_UNAVAILABLE}, {@code SNP_KDS_RATE_LIMITED}) so a caller can tell them from refusals.
 *
 * <p><b>Security:</b> nothing fetched is trusted: the verifier checks every certificate and CRL
 * against the embedded AMD roots, exactly as if the caller had supplied it.
 *
 * @since 0.1.0
 */
public interface CertificateFetcher {
  /**
   * The VCEK (DER) of the chip with {@code hwId} (64 bytes, or the first 8 of CHIP_ID on Turin) at
   * TCB {@code tcb}.
   */
  byte[] fetchVcek(Product product, byte[] hwId, TcbVersion tcb) throws AttestationException;

  /** The intermediate and root (DER, in that order): ASK and ARK for VCEK, ASVK and ARK for VLEK. */
  List<byte[]> fetchCertChain(Product product, SigningKey key) throws AttestationException;

  /** The ARK-signed CRL (DER) of the VCEK or VLEK hierarchy of {@code product}. */
  byte[] fetchCrl(Product product, SigningKey key) throws AttestationException;
}
