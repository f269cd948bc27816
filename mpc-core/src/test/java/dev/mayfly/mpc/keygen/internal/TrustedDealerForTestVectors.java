package dev.mayfly.mpc.keygen.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.InsecureSecretAccess;
import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.KeyShare;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The RFC 9591 Appendix C trusted-dealer split, <b>only for replaying test vectors</b>: one party
 * knows the whole group secret, which Mayfly never allows outside tests. Production keys come from
 * {@link dev.mayfly.mpc.keygen.DkgParticipant}.
 *
 * @since 0.1.0
 */
public final class TrustedDealerForTestVectors {
  private TrustedDealerForTestVectors() {}

  /**
   * Splits {@code secret} with the polynomial {@code secret + c_1 x + ...} among {@code ids}
   * (RFC 9591 Appendix C.1 secret_share_shard, C.2 vss_commit and derive_group_info).
   *
   * @param secret the group secret's scalar encoding
   * @param coefficients the encodings of {@code c_1..c_{t-1}}
   */
  public static SortedMap<PartyId, KeyShare> split(Ciphersuite suite, byte[] secret,
      List<byte[]> coefficients, List<PartyId> ids) {
    requireNonNull(suite, "suite");
    SuiteMath math = SuiteMath.of(suite);
    int[][] c = new int[coefficients.size() + 1][];
    c[0] = requireNonNull(math.decodeScalar(secret, 0), "secret is not a canonical scalar");
    for (int i = 0; i < coefficients.size(); i++) {
      c[i + 1] = requireNonNull(math.decodeScalar(coefficients.get(i), 0), "coefficient");
    }
    SecretPolynomial poly = SecretPolynomial.of(math, c);
    try {
      List<GroupElement> commitments = poly.commitments();
      Map<PartyId, GroupElement> verifying = new TreeMap<>();
      for (PartyId id : ids) {
        verifying.put(id, Feldman.evaluateCommitments(math, commitments, id));
      }
      PublicKeyPackage pkg =
          PublicKeyPackage.create(suite, c.length, commitments.get(0), verifying);
      SortedMap<PartyId, KeyShare> out = new TreeMap<>();
      for (PartyId id : ids) {
        int[] share = poly.evaluate(id);
        byte[] encoded = math.encodeScalar(share);
        ScalarField.wipe(share);
        out.put(id, KeyShare.create(id, encoded, pkg, InsecureSecretAccess.get()));
        Arrays.fill(encoded, (byte) 0);
      }
      return out;
    } finally {
      poly.destroy();
    }
  }
}
