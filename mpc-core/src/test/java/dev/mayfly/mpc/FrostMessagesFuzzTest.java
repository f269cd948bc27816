package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.keygen.DkgCommitmentMessage;
import dev.mayfly.mpc.keygen.DkgShareMessage;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.SignatureShare;
import dev.mayfly.mpc.sign.SigningCommitments;
import dev.mayfly.testsupport.DecoderContract;
import java.util.Set;
import java.util.List;

/**
 * Every FROST message parser, under both ciphersuites, on peer bytes: a message that re-encodes to
 * exactly those bytes, or MPC_MALFORMED_MESSAGE, MPC_INVALID_ELEMENT or MPC_INVALID_SCALAR
 * (MPC_WRONG_CIPHERSUITE for another suite's message); nothing else.
 */
class FrostMessagesFuzzTest {
  private static final List<Ciphersuite> SUITES =
      List.of(Ciphersuite.ed25519Sha512(), Ciphersuite.p256Sha256());

  private static final Set<ErrorCode> TYPED =
      Set.of(ErrorCode.MPC_MALFORMED_MESSAGE, ErrorCode.MPC_WRONG_CIPHERSUITE,
          ErrorCode.MPC_INVALID_ELEMENT, ErrorCode.MPC_INVALID_SCALAR);

  @FuzzTest
  void parse(byte[] input) {
    for (Ciphersuite suite : SUITES) {
      roundTrip(input, () -> DkgCommitmentMessage.parse(suite, input).encode());
      roundTrip(input, () -> {
        DkgShareMessage share = DkgShareMessage.parse(suite, input);
        try {
          return share.encode();
        } finally {
          share.destroy();
        }
      });
      roundTrip(input, () -> SigningCommitments.parse(suite, input).encode());
      roundTrip(input, () -> SignatureShare.parse(suite, input).encode());
      roundTrip(input, () -> PublicKeyPackage.parse(suite, input).encode());
    }
  }

  private static void roundTrip(byte[] input, DecoderContract.Decoder<byte[]> reencode) {
    DecoderContract.decode(input.length, ProtocolException.class,
            e -> TYPED.contains(e.code()), reencode)
        .ifPresent(encoded -> assertArrayEquals(input, encoded));
  }
}
