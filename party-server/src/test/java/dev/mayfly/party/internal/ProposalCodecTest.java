package dev.mayfly.party.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApproverSet;
import dev.mayfly.approval.keys.ApproverSigningKey;
import dev.mayfly.approval.keys.KeyAlgorithm;
import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.ceremony.PartyInfo;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.ceremony.SessionProposal;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.transport.SessionId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link ProposalCodec} and the frames of {@link SigningWire}. */
class ProposalCodecTest {
  private static SessionProposal proposal() throws Exception {
    try (ApproverSigningKey key = ApproverSigningKey.generate(KeyAlgorithm.ED25519,
        new SecureRandom())) {
      return SessionProposal.builder()
          .sessionId(SessionId.generate(new SecureRandom()))
          .parties(List.of(PartyInfo.of(1), new PartyInfo(PartyId.of(4), "vault east")))
          .threshold(2)
          .algorithm(GroupKeyAlgorithm.ECDSA_P256)
          .artifact("release/app-1.2.jar", new byte[32])
          .artifactMode(ArtifactMode.STATEMENT)
          .teePolicyHash(new byte[32])
          .approvalPolicy(ApprovalPolicy.builder().approvers(ApproverSet.builder()
              .approver("alice", key.publicKey()).build()).quorum(1).build())
          .approvals(List.of("{}".getBytes(), "[]".getBytes()))
          .startTime(Instant.parse("2026-01-02T03:04:05Z"))
          .certificateValidity(Duration.ofMinutes(5))
          .build();
    }
  }

  @Test
  void decode_encoded_sameHash() throws Exception {
    SessionProposal original = proposal();
    SessionProposal decoded = ProposalCodec.decode(ProposalCodec.encode(original));
    assertArrayEquals(original.hash(), decoded.hash());
    assertArrayEquals(original.approvalPolicy().digest(), decoded.approvalPolicy().digest());
    assertEquals(2, decoded.approvals().size());
  }

  @Test
  void decode_seededEdits_typedErrorOrProposal() throws Exception {
    byte[] encoded = ProposalCodec.encode(proposal());
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 2000; i++) {
      byte[] edited = random.nextBoolean()
          ? Arrays.copyOf(encoded, random.nextInt(encoded.length + 2))
          : encoded.clone();
      if (edited.length > 0) {
        edited[random.nextInt(edited.length)] ^= (byte) (1 + random.nextInt(255));
      }
      try {
        ProposalCodec.decode(edited);
      } catch (MalformedBytesException expected) {
        // the one failure a decoder of outside input may throw
      }
    }
    assertThrows(MalformedBytesException.class,
        () -> ProposalCodec.decode(Arrays.copyOf(encoded, encoded.length + 1)));
  }

  @Test
  void frames_roundTrip() {
    byte[] proposal = {1, 2, 3};
    SigningWire.ClientFrame propose = SigningWire.decodeClient(
        SigningWire.propose(PartyId.of(3), proposal, List.of(77L, 5L)));
    assertEquals(SigningWire.PROPOSE, propose.type());
    assertEquals(PartyId.of(3), propose.target());
    assertArrayEquals(proposal, propose.body());
    assertEquals(List.of(77L, 5L), propose.artifactLengths());
    byte[] artifact = new byte[10];
    assertArrayEquals(Arrays.copyOfRange(artifact, 2, 7),
        SigningWire.decodeClient(SigningWire.chunk(artifact, 2, 5)).body());
    ProgressEvent event = new ProgressEvent("ab", PartyId.of(2), CeremonyPhase.DKG,
        ProgressEvent.Kind.ABORTED, Duration.ofMillis(1234), ErrorCode.TRANSPORT_TIMEOUT,
        List.of(PartyId.of(1)), "waited");
    ProgressEvent decoded = SigningWire.decodeParty(SigningWire.event(event), "ab",
        PartyId.of(2)).event();
    assertEquals(event, decoded);
    SigningWire.PartyFrame abort = SigningWire.decodeParty(SigningWire.abort(new byte[] {9},
        "why"), "ab", PartyId.of(2));
    assertEquals("why", abort.message());
    assertThrows(MalformedBytesException.class, () -> SigningWire.decodeClient(
        SigningWire.event(event)));
    assertThrows(MalformedBytesException.class, () -> SigningWire.decodeParty(
        SigningWire.propose(PartyId.of(3), proposal, List.of(1L)), "ab", PartyId.of(2)));
  }
}
