package dev.mayfly.mpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.keygen.DkgCommitmentMessage;
import dev.mayfly.mpc.keygen.DkgParticipant;
import dev.mayfly.mpc.keygen.DkgShareMessage;
import dev.mayfly.mpc.keygen.PublicKeyPackage;
import dev.mayfly.mpc.sign.Round1;
import dev.mayfly.mpc.sign.SignatureShare;
import dev.mayfly.mpc.sign.SigningCommitments;
import dev.mayfly.mpc.sign.SigningParticipant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every encoding round-trips; headers are checked.
 */
class MessageEncodingTest {
  static final Ciphersuite ED = Ciphersuite.ed25519Sha512();
  private static PublicKeyPackage keys;
  private static List<byte[]> samples;

  /** One encoding of each kind: DKG commitment, DKG share, commitments, share, key package. */
  static synchronized List<byte[]> samples() throws Exception {
    if (samples == null) {
      build();
    }
    return samples;
  }

  private static void build() throws Exception {
    SecureRandom random = new SecureRandom();
    InProcessFrost frost = InProcessFrost.generate(ED, 2, 3, random);
    keys = frost.publicKeyPackage();
    samples = new ArrayList<>();
    List<PartyId> roster = List.of(PartyId.of(1), PartyId.of(2));
    DkgParticipant a = DkgParticipant.create(ED, PartyId.of(1), roster, 2, random);
    DkgParticipant b = DkgParticipant.create(ED, PartyId.of(2), roster, 2, random);
    byte[] a1 = a.start().messages().get(0).encode();
    samples.add(a1);
    b.start();
    ProtocolMessage share = b.receive(a1).messages().get(0);
    samples.add(share.encode());
    ((DkgShareMessage) share).destroy();
    SigningParticipant s = SigningParticipant.builder().keyShare(frost.keyShare(PartyId.of(1)))
        .signers(List.of(PartyId.of(1), PartyId.of(3))).message(new byte[] {1}).random(random)
        .build();
    samples.add(s.start().messages().get(0).encode());
    SigningParticipant t = SigningParticipant.builder().keyShare(frost.keyShare(PartyId.of(3)))
        .signers(List.of(PartyId.of(1), PartyId.of(3))).message(new byte[] {1}).random(random)
        .aggregate(false).build();
    t.start();
    samples.add(t.receive(samples.get(2)).messages().get(0).encode());
    samples.add(frost.publicKeyPackage().encode());
    a.abandon();
    b.abandon();
    s.abandon();
    frost.close();
  }

  /** Parses with the parser for the sample's type and re-encodes. */
  static byte[] reparse(int index, byte[] bytes) throws ProtocolException {
    return switch (index) {
      case 0 -> DkgCommitmentMessage.parse(ED, bytes).encode();
      case 1 -> {
        DkgShareMessage m = DkgShareMessage.parse(ED, bytes);
        byte[] out = m.encode();
        m.destroy();
        yield out;
      }
      case 2 -> SigningCommitments.parse(ED, bytes).encode();
      case 3 -> SignatureShare.parse(ED, bytes).encode();
      default -> PublicKeyPackage.parse(ED, bytes).encode();
    };
  }

  @Test
  void parse_everyEncoding_roundTrips() throws Exception {
    for (int i = 0; i < samples().size(); i++) {
      assertArrayEquals(samples().get(i), reparse(i, samples().get(i)));
    }
    assertEquals(keys, PublicKeyPackage.parse(ED, samples().get(4)));
  }

  @Test
  void parse_unknownVersion_rejectedNamingSender() throws Exception {
    byte[] bytes = samples().get(2).clone();
    bytes[0] = 2;
    ProtocolException e = assertThrows(ProtocolException.class, () -> reparse(2, bytes));
    assertEquals(ErrorCode.MPC_MALFORMED_MESSAGE, e.code());
    assertEquals(List.of(PartyId.of(1)), e.culprits());
  }

  @Test
  void parse_truncatedHeader_rejectedWithoutCulprit() {
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> reparse(2, new byte[] {1, 3}));
    assertEquals(ErrorCode.MPC_MALFORMED_MESSAGE, e.code());
    assertEquals(List.of(), e.culprits());
  }

  @Test
  void parse_publicKeyPackageOfOtherSuite_rejected() throws Exception {
    byte[] bytes = samples().get(4);
    ProtocolException e = assertThrows(ProtocolException.class,
        () -> PublicKeyPackage.parse(Ciphersuite.p256Sha256(), bytes));
    assertEquals(ErrorCode.MPC_WRONG_CIPHERSUITE, e.code());
  }
}
