package dev.mayfly.simulation.cert;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.mint.CertificateIssuer;
import dev.mayfly.cert.mint.CertificateProfile;
import dev.mayfly.cert.mint.IssuanceRequest;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * An in-process ECDSA P-256 certificate authority <b>for tests and the demo only</b>: a
 * self-signed root made at run time that issues ephemeral leaves straight from CSRs.
 *
 * <p>It checks the request's signature (proof of possession), copies the requested extensions,
 * adds subject and authority key identifiers, and signs with ecdsa-with-SHA256. It refuses
 * validities above its cap (default 10 minutes).
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production (a deployment
 * gives the ceremony its own {@code CertificateIssuer}). The root's private key lives in memory
 * for the object's lifetime; nothing issued by it should be trusted outside tests and demos.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class TestCertificateAuthority implements CertificateIssuer {
  private static final Duration DEFAULT_ROOT_LIFETIME = Duration.ofDays(3650);

  private final KeyPair keyPair;
  private final X509Certificate root;
  private final Duration maxValidity;
  private final SecureRandom random;

  private TestCertificateAuthority(
      KeyPair keyPair, X509Certificate root, Duration maxValidity, SecureRandom random) {
    this.keyPair = keyPair;
    this.root = root;
    this.maxValidity = maxValidity;
    this.random = random;
  }

  /** A new test CA whose root is valid from a day ago for ten years; cap 10 minutes. */
  public static TestCertificateAuthority generate() {
    Instant now = Instant.now();
    return generate(now.minus(Duration.ofDays(1)), now.plus(DEFAULT_ROOT_LIFETIME),
        CertificateProfile.DEFAULT_VALIDITY);
  }

  /**
   * A new test CA whose root is valid from {@code notBefore} to {@code notAfter}, issuing leaves
   * valid at most {@code maxValidity}.
   */
  public static TestCertificateAuthority generate(
      Instant notBefore, Instant notAfter, Duration maxValidity) {
    requireNonNull(notBefore, "notBefore");
    requireNonNull(notAfter, "notAfter");
    requireNonNull(maxValidity, "maxValidity");
    SecureRandom random = new SecureRandom();
    KeyPair keyPair = TestPki.generateP256(random);
    X500Name name = new X500Name("CN=Mayfly TEST CA (not for production), O=Mayfly test");
    X509Certificate root = TestPki.selfSignedCa(name, keyPair, notBefore, notAfter, random);
    return new TestCertificateAuthority(keyPair, root, maxValidity, random);
  }

  /** The root certificate to trust in tests ({@code openssl verify -CAfile}, trusted root). */
  public X509Certificate rootCertificate() {
    return root;
  }

  /**
   * Issues a leaf for the request.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_CSR_INVALID} when the request is badly
   *     signed, carries no extension request, or asks for more than the cap
   */
  @Override
  public List<X509Certificate> issue(IssuanceRequest request) throws CertMintingException {
    requireNonNull(request, "request");
    PKCS10CertificationRequest csr;
    try {
      csr = new PKCS10CertificationRequest(request.csr());
    } catch (IOException | IllegalArgumentException e) {
      throw new CertMintingException(ErrorCode.CERT_CSR_INVALID, "CSR does not parse", e);
    }
    try {
      boolean valid = csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
          .setProvider(TestPki.BC).build(csr.getSubjectPublicKeyInfo()));
      if (!valid) {
        throw new CertMintingException(ErrorCode.CERT_CSR_INVALID, "CSR signature does not verify");
      }
    } catch (OperatorCreationException | PKCSException e) {
      throw new CertMintingException(ErrorCode.CERT_CSR_INVALID, "CSR signature cannot be checked", e);
    }
    if (request.validity().compareTo(maxValidity) > 0 || request.validity().isNegative()) {
      throw new CertMintingException(ErrorCode.CERT_CSR_INVALID,
          "requested validity " + request.validity() + " exceeds the CA cap " + maxValidity);
    }
    var attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
    if (attributes.length != 1) {
      throw new CertMintingException(ErrorCode.CERT_CSR_INVALID, "CSR has no extension request");
    }
    Extensions requested = Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
    try {
      SubjectPublicKeyInfo spki = csr.getSubjectPublicKeyInfo();
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
          X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
          new BigInteger(159, random).setBit(0),
          Date.from(request.notBefore()),
          Date.from(request.notBefore().plus(request.validity())),
          csr.getSubject(),
          spki);
      for (var oid : requested.getExtensionOIDs()) {
        if (!oid.equals(Extension.subjectKeyIdentifier)
            && !oid.equals(Extension.authorityKeyIdentifier)) {
          builder.addExtension(requested.getExtension(oid));
        }
      }
      builder.addExtension(Crypto.subjectKeyIdentifier(spki));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(TestPki.keyIdentifier(root)));
      X509Certificate leaf = TestPki.toJdk(builder.build(TestPki.signer(keyPair)));
      return List.of(leaf);
    } catch (CertIOException | CertificateException | IllegalArgumentException e) {
      throw new CertMintingException(ErrorCode.CERT_CSR_INVALID, "CSR cannot be issued", e);
    }
  }

  @Override
  public String toString() {
    return "TestCertificateAuthority[" + root.getSubjectX500Principal() + "]";
  }
}
