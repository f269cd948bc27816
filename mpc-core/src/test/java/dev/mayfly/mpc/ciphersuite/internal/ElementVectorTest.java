package dev.mayfly.mpc.ciphersuite.internal;

import static dev.mayfly.mpc.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import dev.mayfly.mpc.TestVectors;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Zcash Foundation elements.json (must be rejected) and samples.json (must round-trip). */
class ElementVectorTest {

  static Stream<Arguments> suites() {
    return Stream.of(Arguments.of("frost-ed25519", Ciphersuite.ed25519Sha512()),
        Arguments.of("frost-p256", Ciphersuite.p256Sha256()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suites")
  void decode_invalidElementVector_rejected(String dir, Ciphersuite suite) {
    JsonObject v = TestVectors.load("zcash/" + dir + "/elements.json");
    byte[] bytes = hex(v.getAsJsonObject("elements"), "invalid_element");
    assertNull(SuiteMath.of(suite).decode(bytes, 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("suites")
  void decode_sampleElementsAndScalar_roundTrip(String dir, Ciphersuite suite) {
    JsonObject v = TestVectors.load("zcash/" + dir + "/samples.json");
    SuiteMath math = SuiteMath.of(suite);
    for (String member : new String[] {"element1", "element2"}) {
      GroupElement e = math.decode(hex(v, member), 0);
      assertNotNull(e, member);
      assertArrayEquals(hex(v, member), e.encode());
    }
    int[] k = math.decodeScalar(hex(v, "scalar1"), 0);
    assertNotNull(k);
    assertArrayEquals(hex(v, "scalar1"), math.encodeScalar(k));
    assertArrayEquals(hex(v, "identifier"), math.encodeScalar(math.scalars().fromInt(42)));
  }
}
