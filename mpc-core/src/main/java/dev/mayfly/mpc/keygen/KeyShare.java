package dev.mayfly.mpc.keygen;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.PartyId;
import dev.mayfly.common.SecretAccess;
import dev.mayfly.mpc.SecretHolder;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.ScalarField;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import java.util.Arrays;

/**
 * One participant's secret signing share {@code sk_i} (RFC 9591 §5) together with the public
 * package of the key it belongs to.
 *
 * <p>A key share is reusable across signing sessions; every session draws fresh single-use nonces.
 * Close it when the key's life ends.
 *
 * <p><b>Security:</b> the share is a fixed-length scalar encoding owned by this object, never
 * printed, compared only through the public verifying share, and overwritten by
 * {@link #destroy()} (best effort: the JVM may have copied it). Any use after destruction throws
 * {@link IllegalStateException}. An existing key share is always consistent with its verifying
 * share: {@code sk_i * G == PK_i}.
 *
 * <p>Thread-safety: safe for concurrent reads; destroy it only when no signing uses it.
 *
 * @since 0.1.0
 */
public final class KeyShare extends SecretHolder {
  private final PartyId id;
  private final byte[] share;
  private final PublicKeyPackage publicKeyPackage;

  private KeyShare(PartyId id, byte[] share, PublicKeyPackage publicKeyPackage,
      boolean alreadyVerified) {
    this.id = id;
    this.share = share;
    this.publicKeyPackage = publicKeyPackage;
    if (alreadyVerified) {
      return;
    }
    SuiteMath math = SuiteMath.of(publicKeyPackage.ciphersuite());
    int[] k = math.decodeScalar(share, 0);
    try {
      if (k == null || share.length != math.scalarLength()) {
        Arrays.fill(share, (byte) 0);
        throw new IllegalArgumentException("signing share is not a canonical scalar");
      }
      if (!math.equalPublic(math.mulBase(k), publicKeyPackage.verifyingShare(id))) {
        Arrays.fill(share, (byte) 0);
        throw new IllegalArgumentException(
            "signing share of " + id + " does not match its verifying share");
      }
    } finally {
      ScalarField.wipe(k);
    }
  }

  /**
   * Takes ownership of {@code share}, whose consistency with the verifying share the caller (the
   * DKG) has just checked.
   */
  static KeyShare verified(PartyId id, byte[] share, PublicKeyPackage publicKeyPackage) {
    return new KeyShare(id, share, publicKeyPackage, true);
  }

  /**
   * A key share from a stored or dealt signing share; {@code signingShare} is copied.
   *
   * @throws IllegalArgumentException if the party is not in the package, the bytes are not a
   *     canonical scalar, or the share does not match the party's verifying share
   */
  public static KeyShare create(PartyId id, byte[] signingShare, PublicKeyPackage publicKeyPackage,
      SecretAccess access) {
    requireNonNull(id, "id");
    requireNonNull(signingShare, "signingShare");
    requireNonNull(publicKeyPackage, "publicKeyPackage");
    requireNonNull(access, "access");
    return new KeyShare(id, signingShare.clone(), publicKeyPackage, false);
  }

  /** The owner, whose identifier is the share's x-coordinate. */
  public PartyId id() {
    return id;
  }

  /** The ciphersuite. */
  public Ciphersuite ciphersuite() {
    return publicKeyPackage.ciphersuite();
  }

  /** The public package of the key. */
  public PublicKeyPackage publicKeyPackage() {
    checkLive();
    return publicKeyPackage;
  }

  /** This participant's verifying share {@code sk_i * G}. */
  public GroupElement verifyingShare() {
    return publicKeyPackage().verifyingShare(id);
  }

  /**
   * A copy of the signing share's scalar encoding; the caller must wipe it.
   *
   * <p><b>Security:</b> this exposes the secret; only the signing code should call it.
   */
  public byte[] signingShareBytes(SecretAccess access) {
    requireNonNull(access, "access");
    checkLive();
    return share.clone();
  }

  @Override
  protected void wipe() {
    Arrays.fill(share, (byte) 0);
  }

  @Override
  protected String describe() {
    return "key share of " + id + " (" + publicKeyPackage.ciphersuite().name() + ")";
  }
}
