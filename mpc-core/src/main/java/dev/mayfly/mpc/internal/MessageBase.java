package dev.mayfly.mpc.internal;

import dev.mayfly.common.PartyId;
import dev.mayfly.mpc.ProtocolMessage;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import java.io.ByteArrayOutputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The header every mpc-core message carries: protocol (suite) id, sender and, for
 * point-to-point messages, the recipient.
 *
 * @since 0.1.0
 */
public abstract class MessageBase implements ProtocolMessage {
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
