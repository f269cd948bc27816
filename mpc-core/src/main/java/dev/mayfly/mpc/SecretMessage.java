package dev.mayfly.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ecdsa.EcdsaDkgShareMessage;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.DkgShareMessage;
import java.io.ByteArrayOutputStream;
import javax.security.auth.Destroyable;

/**
 * A point-to-point message whose encoding carries secrets (a DKG share, a seed contribution):
 * {@link #carriesSecret()} is true, and the object is destroyable; use after destruction throws
 * {@link IllegalStateException}.
 *
 * <p>Sealed: only mpc-core's key-generation share messages extend it.
 *
 * @since 0.1.0
 */
public abstract sealed class SecretMessage extends MessageBase implements Destroyable
    permits DkgShareMessage, EcdsaDkgShareMessage {
  private volatile boolean destroyed;

  /** A secret message of protocol {@code protocolId} from {@code sender} to {@code recipient}. */
  protected SecretMessage(Ciphersuite suite, int protocolId, PartyId sender, PartyId recipient) {
    super(suite, protocolId, sender, recipient);
  }

  @Override
  public final boolean carriesSecret() {
    return true;
  }

  /** Overwrites the owned secret arrays. */
  protected abstract void wipe();

  /**
   * Throws once destroyed.
   *
   * @throws IllegalStateException after {@link #destroy()}
   */
  protected final void checkLive() {
    if (destroyed) {
      throw new IllegalStateException(getClass().getSimpleName() + " was destroyed");
    }
  }

  /** The bytes written to {@code out}; the stream's own buffer is overwritten afterwards. */
  protected static byte[] drain(ByteArrayOutputStream out) {
    byte[] result = out.toByteArray();
    out.reset();
    Wire.write(out, new byte[result.length]);
    return result;
  }

  @Override
  public final void destroy() {
    wipe();
    destroyed = true;
  }

  @Override
  public final boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[from " + sender() + " to " + recipient().orElseThrow()
        + ", " + (destroyed ? "destroyed" : "redacted") + "]";
  }
}
