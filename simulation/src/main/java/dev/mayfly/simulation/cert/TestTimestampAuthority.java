package dev.mayfly.simulation.cert;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.cert.CertMintingException;
import dev.mayfly.cert.mint.MayflyExtensions;
import dev.mayfly.cert.tsa.TsaClient;
import dev.mayfly.common.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An in-process RFC 3161 time-stamping authority <b>for tests and the demo only</b>: an ECDSA
 * P-256 root and a TSA certificate with the critical timeStamping extended key usage (RFC 3161
 * §2.3), both made at run time, answering with whole-second genTimes from an injected clock.
 *
 * <p>It accepts SHA-256 imprints and only its own policy ({@link #POLICY_OID}); anything else gets
 * a rejection response. {@link #httpHandler()} serves it over HTTP (RFC 3161 §3.4).
 *
 * <p><b>Security:</b> simulation only, for demos and tests; never in production (a deployment
 * uses a real TSA through {@code HttpTsaClient}). The TSA key lives in memory; its timestamps
 * prove nothing outside tests. Thread-safe.
 *
 * @since 0.1.0
 */
public final class TestTimestampAuthority implements TsaClient {
  /** The TSA policy this authority stamps under, on the Mayfly arc. */
  public static final String POLICY_OID = MayflyExtensions.ARC + ".9.1";

  private final Clock clock;
  private final X509Certificate root;
  private final X509Certificate tsa;
  private final TimeStampResponseGenerator responder;
  private final SecureRandom random;

  private TestTimestampAuthority(Clock clock, X509Certificate root, X509Certificate tsa,
      TimeStampResponseGenerator responder, SecureRandom random) {
    this.clock = clock;
    this.root = root;
    this.tsa = tsa;
    this.responder = responder;
    this.random = random;
  }

  /** A new test TSA reading time from {@code clock}; its certificates are valid 10 years. */
  public static TestTimestampAuthority generate(Clock clock) {
    requireNonNull(clock, "clock");
    Instant now = clock.instant();
    return generate(clock, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
  }

  /** A new test TSA whose root and TSA certificate are valid from {@code notBefore} to {@code notAfter}. */
  public static TestTimestampAuthority generate(Clock clock, Instant notBefore, Instant notAfter) {
    requireNonNull(clock, "clock");
    requireNonNull(notBefore, "notBefore");
    requireNonNull(notAfter, "notAfter");
    SecureRandom random = new SecureRandom();
    KeyPair rootKeys = TestPki.generateP256(random);
    X509Certificate root = TestPki.selfSignedCa(
        new X500Name("CN=Mayfly TEST TSA root (not for production), O=Mayfly test"),
        rootKeys, notBefore, notAfter, random);
    KeyPair tsaKeys = TestPki.generateP256(random);
    try {
      SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(tsaKeys.getPublic().getEncoded());
      X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
          X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
          new BigInteger(159, random).setBit(0), Date.from(notBefore), Date.from(notAfter),
          new X500Name("CN=Mayfly TEST TSA (not for production), O=Mayfly test"), spki);
      builder.addExtension(Extension.extendedKeyUsage, true,
          new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      builder.addExtension(Crypto.subjectKeyIdentifier(spki));
      builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(TestPki.keyIdentifier(root)));
      X509CertificateHolder tsaHolder = builder.build(TestPki.signer(rootKeys));
      X509Certificate tsa = TestPki.toJdk(tsaHolder);
      SignerInfoGenerator signerInfo = new JcaSimpleSignerInfoGeneratorBuilder()
          .setProvider(TestPki.BC).build("SHA256withECDSA", tsaKeys.getPrivate(), tsa);
      TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
          signerInfo, new BcDigestCalculatorProvider()
              .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
          new ASN1ObjectIdentifier(POLICY_OID));
      tokens.addCertificates(new JcaCertStore(List.of(tsa)));
      TimeStampResponseGenerator responder = new TimeStampResponseGenerator(
          tokens, Set.of(TSPAlgorithms.SHA256), Set.of(new ASN1ObjectIdentifier(POLICY_OID)));
      return new TestTimestampAuthority(clock, root, tsa, responder, random);
    } catch (CertIOException | CertificateException | OperatorCreationException
        | TSPException e) {
      throw new IllegalStateException("cannot set up the test TSA", e);
    }
  }

  /** The TSA's signing certificate. */
  public X509Certificate tsaCertificate() {
    return tsa;
  }

  /** The TSA's root certificate. */
  public X509Certificate rootCertificate() {
    return root;
  }

  /** The TSA certificate, then its root, as listed in a Sigstore trusted root. */
  public List<X509Certificate> chain() {
    return List.of(tsa, root);
  }

  /**
   * Answers a DER TimeStampReq with a DER TimeStampResp stamped at the clock's time, truncated to
   * whole seconds; a request the TSA does not accept gets a rejection response.
   *
   * @throws CertMintingException {@link ErrorCode#CERT_TSA_UNAVAILABLE} when the request is not a
   *     TimeStampReq at all
   */
  @Override
  public byte[] exchange(byte[] timeStampRequest) throws CertMintingException {
    requireNonNull(timeStampRequest, "timeStampRequest");
    TimeStampRequest request;
    try {
      request = new TimeStampRequest(timeStampRequest);
    } catch (IOException | RuntimeException e) {
      throw new CertMintingException(ErrorCode.CERT_TSA_UNAVAILABLE, "not a TimeStampReq", e);
    }
    Date genTime = Date.from(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    try {
      TimeStampResponse response;
      synchronized (responder) {
        response = responder.generate(
            request, new BigInteger(64, random), genTime);
      }
      return response.getEncoded(ASN1Encoding.DER);
    } catch (TSPException | IOException e) {
      throw new CertMintingException(ErrorCode.CERT_TSA_UNAVAILABLE, "test TSA failed", e);
    }
  }

  /** An HTTP handler serving this TSA (POST {@code application/timestamp-query}). */
  public HttpHandler httpHandler() {
    return this::handle;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!"POST".equals(exchange.getRequestMethod())
          || type == null || !type.startsWith("application/timestamp-query")) {
        exchange.sendResponseHeaders(415, -1);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(64 * 1024);
      }
      byte[] answer;
      try {
        answer = exchange(body);
      } catch (CertMintingException e) {
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  @Override
  public String toString() {
    return "TestTimestampAuthority[" + tsa.getSubjectX500Principal() + "]";
  }
}
