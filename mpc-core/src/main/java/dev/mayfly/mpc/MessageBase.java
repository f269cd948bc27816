package dev.mayfly.mpc;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ecdsa.EcdsaDkgCommitmentMessage;
import dev.mayfly.mpc.ecdsa.EcdsaSignRound1Message;
import dev.mayfly.mpc.ecdsa.EcdsaSignRound2Message;
import dev.mayfly.mpc.ecdsa.EcdsaSignRound3Message;
import dev.mayfly.mpc.internal.Wire;
import dev.mayfly.mpc.keygen.DkgCommitmentMessage;
import dev.mayfly.mpc.sign.SignatureShare;
import dev.mayfly.mpc.sign.SigningCommitments;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The header every mpc-core message carries: protocol (suite) id, sender and, for
 * point-to-point messages, the recipient.
 *
 * <p>Sealed: only mpc-core's own messages extend it (its subclasses live in several packages of
 * the {@code dev.mayfly.mpc} module). A host that carries messages of its own implements
 * {@link ProtocolMessage} instead.
 *
 * @since 0.1.0
 */
public abstract sealed class MessageBase implements ProtocolMessage
    permits DkgCommitmentMessage, SignatureShare, SigningCommitments, EcdsaDkgCommitmentMessage,
        EcdsaSignRound1Message, EcdsaSignRound2Message, EcdsaSignRound3Message, SecretMessage {
  private final Ciphersuite suite;
  private final int protocolId;
  private final PartyId sender;
  private final @Nullable PartyId recipient;

  /** A message of {@code suite} from {@code sender}; {@code recipient} null for a broadcast. */
  protected MessageBase(Ciphersuite suite, PartyId sender, @Nullable PartyId recipient) {
    this(suite, suite.id(), sender, recipient);
  }

  /**
   * A message of protocol {@code protocolId} over the group of {@code suite} from {@code sender};
   * {@code recipient} null for a broadcast.
   */
  protected MessageBase(Ciphersuite suite, int protocolId, PartyId sender,
      @Nullable PartyId recipient) {
    this.suite = suite;
    this.protocolId = protocolId;
    this.sender = sender;
    this.recipient = recipient;
  }

  @Override
  public final int protocolId() {
    return protocolId;
  }

  @Override
  public final Ciphersuite ciphersuite() {
    return suite;
  }

  @Override
  public final PartyId sender() {
    return sender;
  }

  @Override
  public final Optional<PartyId> recipient() {
    return Optional.ofNullable(recipient);
  }

  /** Starts this message's encoding with the common header of {@code type}. */
  protected final ByteArrayOutputStream header(int type) {
    return Wire.header(type, protocolId, sender.value());
  }
}
