package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * A minted ephemeral certificate: the leaf, the chain the issuer returned, and in CA-issued mode
 * the request it was issued from.
 *
 * @since 0.1.0
 */
public final class MintedCertificate {
  private final IssuanceMode mode;
  private final List<X509Certificate> chain;
  private final @Nullable PKCS10CertificationRequest request;

  MintedCertificate(
      IssuanceMode mode, List<X509Certificate> chain, @Nullable PKCS10CertificationRequest request) {
    this.mode = requireNonNull(mode, "mode");
    this.chain = List.copyOf(chain);
    this.request = request;
  }

  /** How the certificate was issued. */
  public IssuanceMode mode() {
    return mode;
  }

  /** The leaf certificate for the group key. */
  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The leaf first, then the issuer's intermediates; only the leaf when self-attested. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The PKCS #10 request, present in CA-issued mode. */
  public Optional<PKCS10CertificationRequest> request() {
    return Optional.ofNullable(request);
  }

  @Override
  public String toString() {
    return "MintedCertificate[" + mode + ", serial=" + leaf().getSerialNumber().toString(16) + "]";
  }
}
