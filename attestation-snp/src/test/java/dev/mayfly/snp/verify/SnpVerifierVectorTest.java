package dev.mayfly.snp.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.SigningKey;
import dev.mayfly.snp.abi.TcbLayout;
import dev.mayfly.snp.abi.TcbVersion;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SnpVerifierVectorTest {
  private final SnpVerifier verifier =
      SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK).build());

  static Stream<Vectors.Pair> pairs() {
    return Vectors.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void verify_realVectorWithEmbeddedRoots_verifies(Vectors.Pair pair) throws AttestationException {
    VerifiedReport verified = verifier.verify(pair.report(), List.of(pair.leaf()));

    assertFalse(verified.isSimulated());
    assertArrayEquals(pair.report(), verified.report().toBytes());
    assertEquals(Vectors.AT, verified.verifiedAt());
    TcbLayout layout = verified.product().tcbLayout();
    assertEquals(verified.endorsementKeyExtensions().tcb(layout), verified.report().reportedTcb());
  }

  @Test
  void verify_turinP7_usesTurinLayoutAndMatchesVcekSpls() throws AttestationException {
    VerifiedReport verified = verifier.verify(Vectors.P7.report(), List.of(Vectors.P7.leaf()));

    assertEquals(Product.TURIN, verified.product());
    assertEquals(TcbVersion.ofTurin(0, 1, 0, 2, 71), verified.report().reportedTcb());
    assertEquals(0x4700000002000100L, verified.report().reportedTcbRaw());
    AmdKeyExtensions ext = verified.endorsementKeyExtensions();
    assertEquals(1, ext.structVersion());
    assertEquals(0, ext.fmcSpl().orElseThrow());
    assertEquals(8, ext.hwId().orElseThrow().length);
  }

  @Test
  void verify_vlekP4_reportsVlekAndMaskedChipId() throws AttestationException {
    VerifiedReport verified = verifier.verify(Vectors.P4.report(), List.of(Vectors.P4.leaf()));

    assertEquals(SigningKey.VLEK, verified.signingKey());
    assertEquals(Product.MILAN, verified.product());
    assertEquals(true, verified.isChipIdMasked());
    assertEquals("CN=cc-us-east-2.amazonaws.com",
        verified.endorsementKeyExtensions().cspId().orElseThrow());
  }

  @Test
  void verify_fullChainFromFile_verifies() throws AttestationException {
    List<byte[]> chain = Vectors.certs("routex-client-lua/vcek-chain-turin.pem");

    VerifiedReport verified = verifier.verify(Vectors.P7.report(), chain);

    assertEquals(Product.TURIN, verified.product());
  }

  @Test
  void verify_p3_matchesReportedNotCurrentTcb() throws AttestationException {
    VerifiedReport verified = verifier.verify(Vectors.P3.report(), List.of(Vectors.P3.leaf()));

    assertEquals(115, verified.report().reportedTcb().microcode());
    assertEquals(206, verified.report().currentTcb().microcode());
  }
}
