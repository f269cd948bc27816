package dev.mayfly.snp.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.testsupport.DecoderContract;
import java.math.BigInteger;
import java.time.Instant;
import org.bouncycastle.crypto.params.RSAKeyParameters;

/**
 * AMD CRLs from outside: parsing, the signature check under an ARK key and the freshness check
 * return or throw AttestationException (SNP_CRL_INVALID or SNP_CRL_STALE); nothing else.
 */
class AmdCrlFuzzTest {
  private static final RSAKeyParameters MILAN_ARK = arkKey();
  private static final Instant NOW = Instant.parse("2025-09-01T00:00:00Z");

  @FuzzTest
  void parse(byte[] input) {
    DecoderContract.decode(input.length, AttestationException.class,
            e -> e.code() == ErrorCode.SNP_CRL_INVALID, () -> AmdCrl.parse(input))
        .ifPresent(crl -> {
          crl.issuer();
          crl.revokes(BigInteger.ONE);
          DecoderContract.decode(input.length, AttestationException.class,
              e -> e.code() == ErrorCode.SNP_CRL_INVALID, () -> {
                crl.checkSignedBy(MILAN_ARK);
                return crl;
              });
          DecoderContract.decode(input.length, AttestationException.class,
              e -> e.code() == ErrorCode.SNP_CRL_INVALID || e.code() == ErrorCode.SNP_CRL_STALE,
              () -> {
                crl.checkFresh(NOW);
                return crl;
              });
        });
  }

  private static RSAKeyParameters arkKey() {
    try {
      return EmbeddedChains.of(Product.MILAN).ark().rsaPublicKey("ARK");
    } catch (AttestationException e) {
      throw new IllegalStateException("the embedded Milan ARK has an RSA key", e);
    }
  }
}
