package dev.mayfly.snp.verify;

import static dev.mayfly.snp.verify.SnpVerifierTest.assertRefused;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.snp.internal.CertificateFactory;
import dev.mayfly.simulation.snp.internal.Signing;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.ReportBuilder;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import dev.mayfly.snp.trust.AmdRoots;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.junit.jupiter.api.Test;

/** Chains made here, well-formed and correctly signed, but not rooted at AMD. */
class ForgedChainTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final X500Name ARK = subject(AmdRoots.embedded().arkDer(Product.MILAN));
  private static final X500Name ASK = subject(AmdRoots.embedded().askDer(Product.MILAN));
  private static final Instant FROM = Vectors.AT.minus(Duration.ofDays(1));
  private static final Instant TO = Vectors.AT.plus(Duration.ofDays(1));
  private static final AsymmetricCipherKeyPair ARK_KEY = CertificateFactory.rsaKeyPair(RANDOM, 2048);
  private static final AsymmetricCipherKeyPair ASK_KEY = CertificateFactory.rsaKeyPair(RANDOM, 2048);
  private static final byte[] ARK_DER = CertificateFactory.certificate(ARK, ARK, BigInteger.ONE,
      FROM, TO, ARK_KEY.getPublic(), true, Map.of(), Map.of(), ARK_KEY.getPrivate());
  private static final byte[] ASK_DER = CertificateFactory.certificate(ARK, ASK, BigInteger.TWO,
      FROM, TO, ASK_KEY.getPublic(), true, Map.of(), Map.of(), ARK_KEY.getPrivate());

  private static X500Name subject(byte[] der) {
    try {
      return new X509CertificateHolder(der).getSubject();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] vcek(AsymmetricKeyParameter key) {
    byte[] chipId = Simulated.chipId(9);
    return CertificateFactory.certificate(ASK, new X500Name("CN=SEV-VCEK"), BigInteger.TEN, FROM,
        TO, key, false, CertificateFactory.vcekExtensions(Product.MILAN, chipId, Simulated.TCB),
        Map.of(), ASK_KEY.getPrivate());
  }

  private static byte[] report(ECPrivateKeyParameters key) {
    ReportBuilder builder = ReportBuilder.create().chipId(Simulated.chipId(9))
        .allTcb(Simulated.TCB).cpuid(0x19, 0x01, 1);
    byte[][] rs = Signing.ecdsaP384(key, Arrays.copyOf(builder.build(), 0x2A0));
    return builder.signature(rs[0], rs[1]).build();
  }

  private static SnpVerifier verifier() {
    return SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .allowSimulatedEvidenceInsecure().build());
  }

  @Test
  void verify_selfMadeRootWithAmdNames_throwsRootUntrusted() {
    AsymmetricCipherKeyPair key = CertificateFactory.p384KeyPair(RANDOM);
    byte[] report = report((ECPrivateKeyParameters) key.getPrivate());
    assertRefused(ErrorCode.SNP_ROOT_UNTRUSTED, () -> verifier()
        .verify(report, List.of(vcek(key.getPublic()), ASK_DER, ARK_DER)));
  }

  @Test
  void verify_forgedAskUnderRealArk_throwsCertSignatureInvalid() {
    AsymmetricCipherKeyPair key = CertificateFactory.p384KeyPair(RANDOM);
    byte[] report = report((ECPrivateKeyParameters) key.getPrivate());
    assertRefused(ErrorCode.SNP_CERT_SIGNATURE_INVALID,
        () -> verifier().verify(report, List.of(vcek(key.getPublic()), ASK_DER)));
  }

  @Test
  void verify_rsaLeafKey_throwsShapeInvalid() {
    AsymmetricCipherKeyPair key = CertificateFactory.p384KeyPair(RANDOM);
    byte[] report = report((ECPrivateKeyParameters) key.getPrivate());
    assertRefused(ErrorCode.SNP_CERT_SHAPE_INVALID, () -> verifier()
        .verify(report, List.of(vcek(ASK_KEY.getPublic()), ASK_DER, ARK_DER)));
  }
}
