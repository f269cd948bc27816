package dev.mayfly.cert.mint;

import static java.util.Objects.requireNonNull;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
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
  private final byte @Nullable [] request;

  MintedCertificate(
      IssuanceMode mode, List<X509Certificate> chain, byte @Nullable [] request) {
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

  /** A copy of the DER-encoded PKCS #10 request, present in CA-issued mode. */
  public Optional<byte[]> request() {
    return request == null ? Optional.empty() : Optional.of(request.clone());
  }

  @Override
  public String toString() {
    return "MintedCertificate[" + mode + ", serial=" + leaf().getSerialNumber().toString(16) + "]";
  }
}
