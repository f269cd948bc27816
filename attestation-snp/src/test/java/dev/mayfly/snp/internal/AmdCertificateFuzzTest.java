package dev.mayfly.snp.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.verify.AmdKeyExtensions;
import dev.mayfly.snp.verify.CertificateEncoding;
import dev.mayfly.testsupport.DecoderContract;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * AMD certificates (VCEK, VLEK, ASK, ARK) from outside, PEM or DER: every step of reading one
 * (decoding, shape, keys, VCEK extensions, issuer signature) returns or throws
 * AttestationException; nothing else.
 */
class AmdCertificateFuzzTest {
  private static final AmdCertificate MILAN_ASK = EmbeddedChains.of(Product.MILAN).ask();

  @FuzzTest
  void parse(byte[] input) {
    List<byte[]> ders = DecoderContract.decode(input.length, AttestationException.class,
        () -> CertificateEncoding.decodeAll(input)).orElse(List.of(input));
    for (byte[] der : ders) {
      DecoderContract.decode(der.length, AttestationException.class,
          () -> AmdCertificate.parse(der, "VCEK")).ifPresent(AmdCertificateFuzzTest::exercise);
    }
  }

  private static void exercise(AmdCertificate cert) {
    int n = cert.der().length;
    DecoderContract.decode(n, AttestationException.class, () -> {
      cert.checkCommonShape("VCEK");
      return cert;
    });
    DecoderContract.decode(n, AttestationException.class, () -> cert.rsaPublicKey("ARK"));
    DecoderContract.decode(n, AttestationException.class, () -> cert.p384PublicKey("VCEK"));
    DecoderContract.decode(n, AttestationException.class, () -> {
      cert.checkIssuedBy(MILAN_ASK, "VCEK", "ASK");
      return cert;
    });
    cert.extensions().ifPresent(extensions -> DecoderContract.decode(n,
        AttestationException.class, () -> AmdKeyExtensions.parse(encoded(extensions))));
    cert.isSelfSigned("ARK");
    cert.toString();
  }

  private static byte[] encoded(Extensions extensions) {
    try {
      return extensions.getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException("re-encoding parsed extensions failed", e);
    }
  }
}
