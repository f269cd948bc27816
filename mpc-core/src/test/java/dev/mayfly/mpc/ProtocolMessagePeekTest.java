package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.keygen.DkgParticipant;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolMessagePeekTest {
  @Test
  void peekSender_realMessage_returnsHeaderSender() throws Exception {
    DkgParticipant dkg = DkgParticipant.create(Ciphersuite.ed25519Sha512(), PartyId.of(7),
        List.of(PartyId.of(3), PartyId.of(7)), 2, new SecureRandom());
    byte[] encoded = dkg.start().messages().get(0).encode();
    assertEquals(PartyId.of(7), ProtocolMessage.peekSender(encoded));
    dkg.abandon();
  }

  @Test
  void peekSender_shortOrSenderZero_throwsMalformed() {
    ProtocolException shortInput =
        assertThrows(ProtocolException.class, () -> ProtocolMessage.peekSender(new byte[4]));
    assertEquals(ErrorCode.MPC_MALFORMED_MESSAGE, shortInput.code());
    ProtocolException zero = assertThrows(ProtocolException.class,
        () -> ProtocolMessage.peekSender(new byte[] {1, 1, 1, 0, 0}));
    assertEquals(ErrorCode.MPC_MALFORMED_MESSAGE, zero.code());
  }
}
