package dev.mayfly.mpc.keygen;

import static dev.mayfly.mpc.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.Step;
import dev.mayfly.mpc.TestVectors;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.internal.SecretPolynomial;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Zcash Foundation DKG vectors: each participant's state machine, with the vector's
 * polynomial, receives the other participants' round-1 packages (commitments and proofs of
 * knowledge, which it verifies) and round-2 shares, and must derive the vector's signing share,
 * group key and every verifying share.
 */
class DkgVectorTest {

  static Stream<String> vectorFiles() {
    return Stream.of("zcash/frost-ed25519/vectors_dkg.json", "zcash/frost-p256/vectors_dkg.json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorFiles")
  void dkg_vector_derivesExpectedKeys(String file) throws Exception {
    JsonObject v = TestVectors.load(file);
    Ciphersuite suite = TestVectors.suiteOf(v);
    SuiteMath math = SuiteMath.of(suite);
    JsonObject inputs = v.getAsJsonObject("inputs");
    int n = v.getAsJsonObject("config").get("MAX_PARTICIPANTS").getAsInt();
    List<PartyId> roster = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      roster.add(PartyId.of(i));
    }
    for (PartyId self : roster) {
      JsonObject mine = inputs.getAsJsonObject(Integer.toString(self.value()));
      SecretPolynomial poly = SecretPolynomial.of(math, new int[][] {
          math.decodeScalar(hex(mine, "signing_key"), 0),
          math.decodeScalar(hex(mine, "coefficient"), 0)});
      DkgParticipant p = DkgParticipant.createWithPolynomialForTestVectors(
          suite, self, roster, poly, new SecureRandom());
      Step<KeyShare> step = p.start();
      DkgCommitmentMessage own = (DkgCommitmentMessage) step.messages().get(0);
      assertEquals(mine.getAsJsonArray("vss_commitments").get(0).getAsString(),
          TestVectors.hex(own.commitments().get(0).encode()));
      for (PartyId other : roster) {
        if (other.equals(self)) {
          continue;
        }
        JsonObject theirs = inputs.getAsJsonObject(Integer.toString(other.value()));
        List<GroupElement> commitments = new ArrayList<>();
        for (JsonElement c : theirs.getAsJsonArray("vss_commitments")) {
          commitments.add(math.decode(java.util.HexFormat.of().parseHex(c.getAsString()), 0));
        }
        byte[] proof = hex(theirs, "proof_of_knowledge");
        GroupElement r = math.decode(proof, 0);
        byte[] mu = java.util.Arrays.copyOfRange(proof, math.elementLength(), proof.length);
        step = p.receive(new DkgCommitmentMessage(suite, other, commitments, r, mu).encode());
      }
      assertEquals(n - 1, step.messages().size());
      KeyShare result = null;
      for (PartyId other : roster) {
        if (other.equals(self)) {
          continue;
        }
        // A participant's "signing_shares" are the shares it received, keyed by sender.
        byte[] share = hex(mine.getAsJsonObject("signing_shares"),
            Integer.toString(other.value()));
        step = p.receive(new DkgShareMessage(suite, other, self,
            math.decodeScalar(share, 0)).encode());
        result = step.result().orElse(null);
      }
      assertTrue(step.isComplete());
      PublicKeyPackage keys = result.publicKeyPackage();
      assertEquals(mine.get("signing_share").getAsString(),
          TestVectors.hex(result.signingShareBytes(InsecureSecretAccess.get())));
      assertEquals(inputs.get("verifying_key").getAsString(),
          TestVectors.hex(keys.groupPublicKeyBytes()));
      for (Map.Entry<PartyId, GroupElement> e : keys.verifyingShares().entrySet()) {
        assertEquals(inputs.getAsJsonObject(Integer.toString(e.getKey().value()))
            .get("verifying_share").getAsString(), TestVectors.hex(e.getValue().encode()));
      }
      result.destroy();
    }
  }
}
