package dev.mayfly.mpc.sign.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.SigningCommitments;
import dev.mayfly.mpc.sign.SigningPackage;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The public computations of FROST signing (RFC 9591 §4.3–§4.6 and §5.3–§5.4): binding factors,
 * group commitment, challenge, Lagrange coefficients, share and signature verification. All
 * inputs here are public; all of it is variable time.
 *
 * @since 0.1.0
 */
public final class FrostSigning {
  private FrostSigning() {}

  /** Everything derived from one signing package and key, computed once and shared. */
  public static final class Context {
    private final SuiteMath math;
    private final SigningPackage signingPackage;
    private final PublicKeyPackage keys;
    private final byte[] message;
    private final SortedMap<PartyId, int[]> bindingFactors;
    private final GroupElement groupCommitment;
    private final int[] challenge;

    private Context(SuiteMath math, SigningPackage signingPackage, PublicKeyPackage keys,
        SortedMap<PartyId, int[]> bindingFactors, GroupElement groupCommitment, int[] challenge) {
      this.math = math;
      this.signingPackage = signingPackage;
      this.keys = keys;
      this.message = signingPackage.message();
      this.bindingFactors = Collections.unmodifiableSortedMap(bindingFactors);
      this.groupCommitment = groupCommitment;
      this.challenge = challenge;
    }

    /** The suite arithmetic. */
    public SuiteMath math() {
      return math;
    }

    /** The signing package. */
    public SigningPackage signingPackage() {
      return signingPackage;
    }

    /** The key. */
    public PublicKeyPackage keys() {
      return keys;
    }

    /** The binding factor of each signer (RFC 9591 §4.4). */
    public int[] bindingFactor(PartyId id) {
      return bindingFactors.get(id).clone();
    }

    /** The group commitment {@code R} (RFC 9591 §4.5). */
    public GroupElement groupCommitment() {
      return groupCommitment;
    }

    /** The challenge {@code c} (RFC 9591 §4.6). */
    public int[] challenge() {
      return challenge.clone();
    }

    /** The Lagrange coefficient of {@code id} over the signer set (RFC 9591 §4.2). */
    public int[] lagrange(PartyId id) {
      return FrostSigning.lagrange(math, signingPackage.signers(), id);
    }

    /** The message. */
    public byte[] message() {
      return message.clone();
    }
  }

  /**
   * Checks the package against the key and derives the context.
   *
   * @throws ProtocolException {@code MPC_INVALID_SIGNING_PACKAGE} if a signer is not a key
   *     participant, fewer than the threshold sign, or the group commitment is the identity
   */
  public static Context context(SigningPackage signingPackage, PublicKeyPackage keys)
      throws ProtocolException {
    if (signingPackage.ciphersuite() != keys.ciphersuite()) {
      throw new IllegalArgumentException("signing package and key use different ciphersuites");
    }
    SuiteMath math = SuiteMath.of(keys.ciphersuite());
    List<PartyId> outsiders = new ArrayList<>();
    for (PartyId id : signingPackage.signers()) {
      if (!keys.isParticipant(id)) {
        outsiders.add(id);
      }
    }
    if (!outsiders.isEmpty()) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNING_PACKAGE,
          "signers " + outsiders + " hold no share of this key", outsiders);
    }
    if (signingPackage.signers().size() < keys.threshold()) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNING_PACKAGE,
          signingPackage.signers().size() + " signers, threshold is " + keys.threshold());
    }
    byte[] message = signingPackage.message();
    SortedMap<PartyId, int[]> rho = bindingFactors(math, keys.groupPublicKey(),
        signingPackage.commitments(), message);
    GroupElement r = groupCommitment(math, signingPackage.commitments(), rho);
    if (r.isIdentity()) {
      throw new ProtocolException(ErrorCode.MPC_INVALID_SIGNING_PACKAGE,
          "group commitment is the identity", signingPackage.signers());
    }
    int[] c = challenge(math, r, keys.groupPublicKey(), message);
    return new Context(math, signingPackage, keys, rho, r, c);
  }

  /** encode_group_commitment_list (RFC 9591 §4.3). */
  public static byte[] encodeCommitmentList(
      SuiteMath math, SortedMap<PartyId, SigningCommitments> list) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<PartyId, SigningCommitments> e : list.entrySet()) {
      out.writeBytes(math.encodeIdentifier(e.getKey()));
      out.writeBytes(e.getValue().hiding().encode());
      out.writeBytes(e.getValue().binding().encode());
    }
    return out.toByteArray();
  }

  /** The binding factor input prefix {@code PK || H4(msg) || H5(list)} (RFC 9591 §4.4). */
  public static byte[] bindingFactorPrefix(SuiteMath math, GroupElement groupPublicKey,
      SortedMap<PartyId, SigningCommitments> list, byte[] message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(groupPublicKey.encode());
    out.writeBytes(math.h4(message));
    out.writeBytes(math.h5(encodeCommitmentList(math, list)));
    return out.toByteArray();
  }

  /** compute_binding_factors (RFC 9591 §4.4). */
  public static SortedMap<PartyId, int[]> bindingFactors(SuiteMath math,
      GroupElement groupPublicKey, SortedMap<PartyId, SigningCommitments> list, byte[] message) {
    byte[] prefix = bindingFactorPrefix(math, groupPublicKey, list, message);
    SortedMap<PartyId, int[]> out = new TreeMap<>();
    for (PartyId id : list.keySet()) {
      out.put(id, math.h1(SuiteMath.concat(prefix, math.encodeIdentifier(id))));
    }
    return out;
  }

  /** compute_group_commitment (RFC 9591 §4.5): {@code sum(D_i + rho_i * E_i)}. */
  public static GroupElement groupCommitment(SuiteMath math,
      SortedMap<PartyId, SigningCommitments> list, SortedMap<PartyId, int[]> bindingFactors) {
    GroupElement[] bindings = new GroupElement[list.size()];
    int[][] factors = new int[list.size()][];
    GroupElement sum = null;
    int i = 0;
    for (Map.Entry<PartyId, SigningCommitments> e : list.entrySet()) {
      bindings[i] = e.getValue().binding();
      factors[i] = bindingFactors.get(e.getKey());
      i++;
      sum = sum == null ? e.getValue().hiding() : math.add(sum, e.getValue().hiding());
    }
    GroupElement weighted = math.sumOfProductsPublic(bindings, factors, null);
    return sum == null ? weighted : math.add(sum, weighted);
  }

  /** compute_challenge (RFC 9591 §4.6): {@code H2(R || PK || msg)}. */
  public static int[] challenge(SuiteMath math, GroupElement r, GroupElement groupPublicKey,
      byte[] message) {
    return math.h2(SuiteMath.concat(r.encode(), groupPublicKey.encode(), message));
  }

  /** derive_interpolating_value (RFC 9591 §4.2) of {@code self} over distinct {@code ids}. */
  public static int[] lagrange(SuiteMath math, List<PartyId> ids, PartyId self) {
    ScalarField f = math.scalars();
    int[] xi = math.identifier(self);
    int[] num = f.fromInt(1);
    int[] den = f.fromInt(1);
    boolean found = false;
    for (PartyId id : ids) {
      if (id.equals(self)) {
        found = true;
        continue;
      }
      int[] xj = math.identifier(id);
      num = f.mul(num, xj);
      den = f.mul(den, f.sub(xj, xi));
    }
    if (!found) {
      throw new IllegalArgumentException(self + " is not among " + ids);
    }
    return f.mul(num, f.invertPublic(den));
  }

  /**
   * verify_signature_share (RFC 9591 §5.4): {@code z_i * G == D_i + rho_i * E_i + c * lambda_i *
   * PK_i}.
   */
  public static boolean verifyShare(Context ctx, PartyId id, int[] z) {
    SuiteMath math = ctx.math;
    ScalarField f = math.scalars();
    SigningCommitments com = ctx.signingPackage.commitments().get(id);
    int[] cl = f.mul(ctx.challenge, ctx.lagrange(id));
    GroupElement rhs = math.sumOfProductsPublic(
        new GroupElement[] {com.binding(), ctx.keys.verifyingShare(id)},
        new int[][] {f.negate(ctx.bindingFactors.get(id)), f.negate(cl)}, z);
    // rhs = z*G - rho*E - c*lambda*PK must equal D.
    return math.equalPublic(rhs, com.hiding());
  }

  /**
   * Cofactored Schnorr verification (RFC 9591 §6, verify with the cofactor): {@code [h](z*G -
   * c*PK - R) == identity} with {@code c = H2(R || PK || msg)}.
   */
  public static boolean verifySignature(SuiteMath math, GroupElement r, int[] z,
      GroupElement publicKey, byte[] message) {
    int[] c = challenge(math, r, publicKey, message);
    GroupElement t = math.sumOfProductsPublic(
        new GroupElement[] {publicKey}, new int[][] {math.scalars().negate(c)}, z);
    return math.isIdentityTimesCofactor(math.add(t, math.negate(r)));
  }
}
