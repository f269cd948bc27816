package dev.mayfly.mpc;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one call into a sans-I/O state machine produced: messages to deliver, and whether the
 * protocol is now complete (with its result, if this party produces one).
 *
 * <p>An abort is not a step: the call throws a {@link dev.mayfly.common.ProtocolException} naming
 * the culprits, after the state machine has destroyed its secret state.
 *
 * @param <R> the result type of the protocol
 * @since 0.1.0
 */
public final class Step<R> {
  private final List<ProtocolMessage> messages;
  private final boolean complete;
  private final @Nullable R result;

  private Step(List<ProtocolMessage> messages, boolean complete, @Nullable R result) {
    this.messages = List.copyOf(messages);
    this.complete = complete;
    this.result = result;
  }

  /** A step that sends {@code messages} and is not complete. */
  public static <R> Step<R> sending(List<? extends ProtocolMessage> messages) {
    return new Step<>(List.copyOf(messages), false, null);
  }

  /** A step that sends {@code messages} and completes without a result for this party. */
  public static <R> Step<R> finishedSending(List<? extends ProtocolMessage> messages) {
    return new Step<>(List.copyOf(messages), true, null);
  }

  /** A step that sends {@code messages} and completes with {@code result}. */
  public static <R> Step<R> completed(List<? extends ProtocolMessage> messages, R result) {
    return new Step<>(List.copyOf(messages), true, requireNonNull(result, "result"));
  }

  /** Messages to deliver, in order; possibly empty. */
  public List<ProtocolMessage> messages() {
    return messages;
  }

  /** Whether the state machine has finished. */
  public boolean isComplete() {
    return complete;
  }

  /** The result, present only on the completing step of a party that produces one. */
  public Optional<R> result() {
    return Optional.ofNullable(result);
  }

  @Override
  public String toString() {
    return "Step[" + messages.size() + " messages, complete=" + complete + "]";
  }
}
