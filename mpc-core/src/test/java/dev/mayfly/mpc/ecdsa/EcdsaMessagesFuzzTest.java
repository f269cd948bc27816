package dev.mayfly.mpc.ecdsa;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.testsupport.DecoderContract;
import java.util.Set;

/**
 * Every threshold ECDSA message parser on peer bytes: a message that re-encodes to exactly those
 * bytes, or MPC_MALFORMED_MESSAGE, MPC_INVALID_ELEMENT, MPC_INVALID_SCALAR or
 * MPC_WRONG_CIPHERSUITE (a suite id other than DKLs23 P-256's); nothing else.
 */
class EcdsaMessagesFuzzTest {
  private static final Set<ErrorCode> TYPED =
      Set.of(ErrorCode.MPC_MALFORMED_MESSAGE, ErrorCode.MPC_WRONG_CIPHERSUITE,
          ErrorCode.MPC_INVALID_ELEMENT, ErrorCode.MPC_INVALID_SCALAR);

  @FuzzTest
  void parse(byte[] input) {
    roundTrip(input, () -> EcdsaDkgCommitmentMessage.parse(input).encode());
    roundTrip(input, () -> EcdsaDkgShareMessage.parse(input).encode());
    roundTrip(input, () -> EcdsaSignRound1Message.parse(input).encode());
    roundTrip(input, () -> EcdsaSignRound2Message.parse(input).encode());
    roundTrip(input, () -> EcdsaSignRound3Message.parse(input).encode());
  }

  private static void roundTrip(byte[] input, DecoderContract.Decoder<byte[]> reencode) {
    DecoderContract.decode(input.length, ProtocolException.class,
            e -> TYPED.contains(e.code()), reencode)
        .ifPresent(encoded -> assertArrayEquals(input, encoded));
  }
}
