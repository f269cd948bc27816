package dev.mayfly.snp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import java.io.IOException;
import java.util.Arrays;
import dev.mayfly.testsupport.Seeded;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;

/** Fuzzes the VCEK/VLEK extension parser with random and mutated real extension blocks. */
class AmdKeyExtensionsPropertyTest {
  static byte[] extensionsOf(byte[] certificate) {
    try {
      return new X509CertificateHolder(certificate).getExtensions().getEncoded();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parse_realCertificates_readSpls() throws AttestationException {
    AmdKeyExtensions milan = AmdKeyExtensions.parse(extensionsOf(Vectors.P1.leaf()));
    assertEquals("Milan-B0", milan.productName().orElseThrow());
    assertEquals(68, milan.microcodeSpl());
    AmdKeyExtensions turin = AmdKeyExtensions.parse(
        extensionsOf(Vectors.bytes("virtee-sev/tests/vcek_turin.der")));
    assertEquals(1, turin.structVersion());
    assertEquals(9, turin.microcodeSpl());
    assertEquals("1e550a8ee5cf9f4d", Hex.encode(turin.hwId().orElseThrow()));
  }

  @Test
  void parse_mutatedExtensions_onlyTypedErrors() {
    List<Vectors.Pair> pairs = List.of(Vectors.P1, Vectors.P4, Vectors.P6, Vectors.P7);
    Seeded.forAll(1000, g -> {
      byte[] block = extensionsOf(g.oneOf(pairs).leaf());
      int offset = g.intBetween(0, 400);
      byte value = g.anyByte();
      int cut = g.intBetween(0, 8);
      block[offset % block.length] = value;
      parseOrTypedError(Arrays.copyOf(block, block.length - cut));
    });
  }

  @Test
  void parse_randomBytes_onlyTypedErrors() {
    Seeded.forAll(300, g -> parseOrTypedError(g.bytes(300)));
  }

  private static void parseOrTypedError(byte[] block) {
    try {
      assertNotNull(AmdKeyExtensions.parse(block).toString());
    } catch (AttestationException expected) {
      assertNotNull(expected.code());
    }
  }
}
