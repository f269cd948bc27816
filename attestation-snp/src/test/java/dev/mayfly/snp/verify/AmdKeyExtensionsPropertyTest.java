package dev.mayfly.snp.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import java.io.IOException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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
    assertEquals("1e550a8ee5cf9f4d", dev.mayfly.snp.internal.Bytes.hex(turin.hwId().orElseThrow()));
  }

  @Provide
  Arbitrary<byte[]> blocks() {
    return Arbitraries.of(Vectors.P1, Vectors.P4, Vectors.P6, Vectors.P7)
        .map(p -> extensionsOf(p.leaf()));
  }

  @Property(tries = 1000)
  void parse_mutatedExtensions_onlyTypedErrors(@ForAll("blocks") byte[] block,
      @ForAll @IntRange(min = 0, max = 400) int offset, @ForAll byte value,
      @ForAll @IntRange(min = 0, max = 8) int cut) {
    block[offset % block.length] = value;
    parseOrTypedError(Arrays.copyOf(block, block.length - cut));
  }

  @Property(tries = 300)
  void parse_randomBytes_onlyTypedErrors(@ForAll @Size(max = 300) byte[] bytes) {
    parseOrTypedError(bytes);
  }

  private static void parseOrTypedError(byte[] block) {
    try {
      assertNotNull(AmdKeyExtensions.parse(block).toString());
    } catch (AttestationException expected) {
      assertNotNull(expected.code());
    }
  }
}
