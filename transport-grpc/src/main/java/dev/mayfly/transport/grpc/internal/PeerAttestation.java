package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.common.internal.Sha256;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.validate.ValidatedReport;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.VerifiedReport;
import dev.mayfly.transport.TransportException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The checks a party runs on a peer's TLS certificate during the handshake, in this order (the
 * first failure refuses the peer):
 *
 * <ol>
 *   <li>exactly one certificate, X.509 v3, self-issued, with a P-256 key, signed with ECDSA
 *       SHA-256 under its own key;
 *   <li>within its validity at the node clock (give or take the clock skew), and no longer-lived
 *       than {@link #MAX_LIFETIME};
 *   <li>no critical extension other than basicConstraints and keyUsage;
 *   <li>the policy hash extension equals the local pin ({@code TRANSPORT_POLICY_HASH_MISMATCH});
 *   <li>the evidence extension is present and decodes;
 *   <li>the SNP verifier accepts the report and chain; simulated evidence must also end at a
 *       pinned simulated root, unless any simulated root was accepted by name;
 *   <li>the policy validator accepts the report against the local TEE policy, with REPORT_DATA
 *       expected to be {@link TlsBinding#reportData} over the presented key and the local pin.
 * </ol>
 *
 * <p>Every refusal but step 4 is {@code TRANSPORT_PEER_NOT_ATTESTED}; steps 6 and 7 carry the
 * {@link AttestationException} as cause. Thread-safe.
 */
public final class PeerAttestation {
  /** The longest validity a peer certificate may claim. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(49);

  private final TeePolicy policy;
  private final byte[] policyHash;
  private final SnpVerifier verifier;
  private final PolicyValidator validator;
  private final List<byte[]> simulatedRootSha256;
  private final boolean anySimulatedRoot;
  private final Clock clock;
  private final Duration clockSkew;

  /**
   * Checks against {@code policy} with {@code verifier}; {@code simulatedRoots} are the DER
   * simulated ARKs to accept (ignored when {@code anySimulatedRoot}).
   */
  public PeerAttestation(TeePolicy policy, SnpVerifier verifier, List<byte[]> simulatedRoots,
      boolean anySimulatedRoot, Clock clock, Duration clockSkew) {
    this.policy = requireNonNull(policy, "policy");
    this.policyHash = policy.hash();
    this.verifier = requireNonNull(verifier, "verifier");
    this.validator = PolicyValidator.create(policy);
    this.simulatedRootSha256 = simulatedRoots.stream().map(Sha256::hash).toList();
    this.anySimulatedRoot = anySimulatedRoot;
    this.clock = requireNonNull(clock, "clock");
    this.clockSkew = requireNonNull(clockSkew, "clockSkew");
  }

  /** The local TEE policy hash (a copy). */
  public byte[] policyHash() {
    return policyHash.clone();
  }

  /** The local TEE policy. */
  public TeePolicy policy() {
    return policy;
  }

  /**
   * Runs every check on the chain a peer presented.
   *
   * @throws TransportException {@code TRANSPORT_PEER_NOT_ATTESTED} or {@code
   *     TRANSPORT_POLICY_HASH_MISMATCH}, without a culprit (the caller knows the peer)
   */
  public VerifiedTlsPeer check(X509Certificate[] chain) throws TransportException {
    if (chain == null || chain.length != 1 || chain[0] == null) {
      throw refused("peer presented " + (chain == null ? 0 : chain.length)
          + " certificates, expected exactly one self-signed certificate");
    }
    X509Certificate cert = chain[0];
    byte[] der = encoded(cert);
    byte[] spki = subjectPublicKeyInfo(der);
    checkShape(cert, spki);
    Instant now = clock.instant();
    checkValidity(cert, now);
    Set<String> critical = cert.getCriticalExtensionOIDs();
    if (critical != null && !AttestedCertificate.KNOWN_CRITICAL.containsAll(critical)) {
      throw refused("certificate has unknown critical extensions " + critical);
    }
    byte[] claimedHash = extension(cert, "policy hash", AttestedCertificate.TEE_POLICY_HASH);
    if (!MessageDigest.isEqual(claimedHash, policyHash)) {
      throw new TransportException(ErrorCode.TRANSPORT_POLICY_HASH_MISMATCH,
          "peer certificate names TEE policy hash " + hex(claimedHash) + ", local pin is "
              + hex(policyHash));
    }
    Evidence evidence;
    try {
      evidence = EvidenceCodec.decode(
          extension(cert, "evidence", AttestedCertificate.EVIDENCE));
    } catch (MalformedBytesException e) {
      throw refused("evidence extension does not decode: " + e.getMessage());
    }
    ValidatedReport report;
    try {
      VerifiedReport verified = verifier.verify(evidence);
      if (verified.isSimulated()) {
        checkSimulatedRoot(evidence);
      }
      report = validator.validate(verified,
          ReportExpectations.reportData(TlsBinding.reportData(spki, policyHash)));
    } catch (AttestationException e) {
      throw new TransportException(ErrorCode.TRANSPORT_PEER_NOT_ATTESTED,
          "peer evidence refused: " + e.getMessage(), e);
    }
    return new VerifiedTlsPeer(Sha256.hash(der), Sha256.hash(spki), report,
        cert.getNotAfter().toInstant(), now);
  }

  private static void checkShape(X509Certificate cert, byte[] spki) throws TransportException {
    if (cert.getVersion() != 3) {
      throw refused("certificate is X.509 v" + cert.getVersion() + ", expected v3");
    }
    try {
      SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
      if (!X9ObjectIdentifiers.id_ecPublicKey.equals(info.getAlgorithm().getAlgorithm())
          || !SECObjectIdentifiers.secp256r1.equals(info.getAlgorithm().getParameters())) {
        throw refused("certificate key is not an EC P-256 key");
      }
    } catch (IllegalArgumentException e) {
      throw refused("certificate key does not parse");
    }
    if (!X9ObjectIdentifiers.ecdsa_with_SHA256.getId().equals(cert.getSigAlgOID())) {
      throw refused("certificate is signed with " + cert.getSigAlgName()
          + ", expected SHA256withECDSA");
    }
    if (!cert.getIssuerX500Principal().equals(cert.getSubjectX500Principal())) {
      throw refused("certificate is not self-issued");
    }
    try {
      cert.verify(cert.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw refused("certificate self-signature does not verify");
    }
  }

  private void checkValidity(X509Certificate cert, Instant now) throws TransportException {
    Instant notBefore = cert.getNotBefore().toInstant();
    Instant notAfter = cert.getNotAfter().toInstant();
    if (now.isBefore(notBefore.minus(clockSkew)) || now.isAfter(notAfter.plus(clockSkew))) {
      throw refused("certificate is valid " + notBefore + " to " + notAfter + ", now is " + now
          + " (skew " + clockSkew.toSeconds() + " s)");
    }
    if (Duration.between(notBefore, notAfter).compareTo(MAX_LIFETIME) > 0) {
      throw refused("certificate is valid " + notBefore + " to " + notAfter + ", longer than "
          + MAX_LIFETIME.toHours() + " h");
    }
  }

  private void checkSimulatedRoot(Evidence evidence) throws AttestationException {
    if (anySimulatedRoot) {
      return;
    }
    List<byte[]> chain = evidence.certificateChain();
    byte[] root = Sha256.hash(chain.get(chain.size() - 1));
    if (simulatedRootSha256.stream().noneMatch(pin -> MessageDigest.isEqual(pin, root))) {
      throw new AttestationException(ErrorCode.SNP_ROOT_UNTRUSTED,
          "simulated evidence ends at root sha256 " + hex(root)
              + ", not one of the pinned simulated roots");
    }
  }

  private static byte[] extension(X509Certificate cert, String name,
      org.bouncycastle.asn1.ASN1ObjectIdentifier oid) throws TransportException {
    Optional<byte[]> value;
    try {
      value = AttestedCertificate.octets(cert, oid);
    } catch (IOException | IllegalArgumentException e) {
      throw refused(name + " extension " + oid + " is malformed");
    }
    if (value.isEmpty()) {
      throw refused("certificate carries no " + name + " extension (" + oid + ")");
    }
    if (oid.equals(AttestedCertificate.TEE_POLICY_HASH)
        && !AttestedCertificate.isPolicyHash(value.get())) {
      throw refused("policy hash extension holds " + value.get().length + " bytes, expected 32");
    }
    return value.get();
  }

  /** The SubjectPublicKeyInfo exactly as the certificate carries it (DER). */
  private static byte[] subjectPublicKeyInfo(byte[] certificateDer) throws TransportException {
    try {
      return org.bouncycastle.asn1.x509.Certificate.getInstance(certificateDer)
          .getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER);
    } catch (IOException | IllegalArgumentException e) {
      throw refused("certificate does not parse");
    }
  }

  private static byte[] encoded(X509Certificate cert) throws TransportException {
    try {
      return cert.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw refused("certificate does not encode");
    }
  }

  private static TransportException refused(String message) {
    return new TransportException(ErrorCode.TRANSPORT_PEER_NOT_ATTESTED, message);
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
