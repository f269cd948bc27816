package dev.mayfly.mpc.sign;

import static dev.mayfly.mpc.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.TestVectors;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.keygen.internal.TrustedDealerForTestVectors;
import dev.mayfly.mpc.sign.internal.FrostSigning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9591 Appendix E vectors and the Zcash Foundation signing vectors: shares, nonces from the
 * given randomness, commitments, binding factor inputs and factors, signature shares, the final
 * signature.
 */
class FrostVectorTest {

  static Stream<String> vectorFiles() {
    return Stream.of(
        "cfrg/frost-ed25519-sha512.json",
        "cfrg/frost-p256-sha256.json",
        "zcash/frost-ed25519/vectors.json",
        "zcash/frost-p256/vectors.json",
        "zcash/frost-ed25519/vectors-big-identifier.json",
        "zcash/frost-p256/vectors-big-identifier.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFiles")
  void signing_vector_matchesEveryIntermediateValue(String file) throws Exception {
    JsonObject v = TestVectors.load(file);
    Ciphersuite suite = TestVectors.suiteOf(v);
    SuiteMath math = SuiteMath.of(suite);
    JsonObject inputs = v.getAsJsonObject("inputs");
    int max = Integer.parseInt(v.getAsJsonObject("config").get("MAX_PARTICIPANTS").getAsString());

    // Trusted-dealer shares (RFC 9591 Appendix C).
    List<byte[]> coefficients = new ArrayList<>();
    for (JsonElement c : inputs.getAsJsonArray("share_polynomial_coefficients")) {
      coefficients.add(java.util.HexFormat.of().parseHex(c.getAsString()));
    }
    List<PartyId> ids = new ArrayList<>();
    for (int i = 1; i <= max; i++) {
      ids.add(PartyId.of(i));
    }
    SortedMap<PartyId, KeyShare> shares = TrustedDealerForTestVectors.split(
        suite, hex(inputs, "group_secret_key"), coefficients, ids);
    for (JsonElement e : inputs.getAsJsonArray("participant_shares")) {
      JsonObject s = e.getAsJsonObject();
      KeyShare share = shares.get(PartyId.of(s.get("identifier").getAsInt()));
      assertEquals(s.get("participant_share").getAsString(),
          TestVectors.hex(share.signingShareBytes(InsecureSecretAccess.get())));
    }
    PublicKeyPackage keys = shares.values().iterator().next().publicKeyPackage();
    String groupKeyField = inputs.has("group_public_key") ? "group_public_key" : "verifying_key_key";
    assertEquals(inputs.get(groupKeyField).getAsString(), TestVectors.hex(keys.groupPublicKeyBytes()));
    byte[] message = hex(inputs, "message");

    // Round one from the given randomness.
    Map<PartyId, SigningNonces> nonces = new TreeMap<>();
    List<SigningCommitments> commitments = new ArrayList<>();
    for (JsonElement e : v.getAsJsonObject("round_one_outputs").getAsJsonArray("outputs")) {
      JsonObject o = e.getAsJsonObject();
      PartyId id = PartyId.of(o.get("identifier").getAsInt());
      SigningNonces n = Round1.commitWithRandomness(shares.get(id),
          hex(o, "hiding_nonce_randomness"), hex(o, "binding_nonce_randomness"));
      assertEquals(o.get("hiding_nonce").getAsString(), TestVectors.hex(math.encodeScalar(n.hiding())));
      assertEquals(o.get("binding_nonce").getAsString(), TestVectors.hex(math.encodeScalar(n.binding())));
      assertEquals(o.get("hiding_nonce_commitment").getAsString(),
          TestVectors.hex(n.commitments().hiding().encode()));
      assertEquals(o.get("binding_nonce_commitment").getAsString(),
          TestVectors.hex(n.commitments().binding().encode()));
      nonces.put(id, n);
      commitments.add(n.commitments());
    }
    SigningPackage pkg = SigningPackage.create(message, commitments);
    FrostSigning.Context ctx = FrostSigning.context(pkg, keys);
    byte[] prefix = FrostSigning.bindingFactorPrefix(
        math, keys.groupPublicKey(), pkg.commitments(), message);
    for (JsonElement e : v.getAsJsonObject("round_one_outputs").getAsJsonArray("outputs")) {
      JsonObject o = e.getAsJsonObject();
      PartyId id = PartyId.of(o.get("identifier").getAsInt());
      assertEquals(o.get("binding_factor_input").getAsString(),
          TestVectors.hex(prefix) + TestVectors.hex(math.encodeIdentifier(id)));
      assertEquals(o.get("binding_factor").getAsString(),
          TestVectors.hex(math.encodeScalar(ctx.bindingFactor(id))));
    }

    // Round two and aggregation.
    List<SignatureShare> sigShares = new ArrayList<>();
    for (JsonElement e : v.getAsJsonObject("round_two_outputs").getAsJsonArray("outputs")) {
      JsonObject o = e.getAsJsonObject();
      PartyId id = PartyId.of(o.get("identifier").getAsInt());
      SignatureShare s = Round2.sign(shares.get(id), nonces.get(id), pkg);
      assertEquals(o.get("sig_share").getAsString(), TestVectors.hex(s.share()));
      sigShares.add(s);
    }
    FrostSignature signature = Aggregator.aggregate(pkg, sigShares, keys);
    byte[] expected = hex(v.getAsJsonObject("final_output"), "sig");
    assertArrayEquals(expected, signature.bytes());
    assertArrayEquals(expected,
        FrostSignature.verify(keys, message, expected).bytes());
    shares.values().forEach(KeyShare::destroy);
  }
}
