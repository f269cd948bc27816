package dev.mayfly.party;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.PartyResult;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.validate.TeePolicy;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PartyResult#encode()}/{@link PartyResult#decode} and the outcome record's encoding, what
 * a party process sends the signing client. Here rather than in the ceremony module, whose
 * deadline-driven tests run side by side and were disturbed by these heavy ceremonies.
 */
class ResultEncodingTest {
  private static final byte[] SAMPLE = "Mayfly sample artifact\n".getBytes(
      java.nio.charset.StandardCharsets.UTF_8);

  private static final PartyId ONE = PartyId.of(1);
  private static final PartyId TWO = PartyId.of(2);
  /** The policy {@link LocalCeremony} pins. */
  private static final TeePolicy POLICY = TeePolicy.builder().products(List.of(Product.MILAN))
      .allowMeasurement(LocalCeremony.SIMULATED_MEASUREMENT).build();

  private static LocalCeremony.Outcome signed(GroupKeyAlgorithm algorithm) throws Exception {
    try (LocalCeremony ceremony = LocalCeremony.builder().parties(3).threshold(2)
        .algorithm(algorithm).artifact("a.bin", SAMPLE)
        .phaseTimeout(Duration.ofSeconds(20)).build()) {
      return ceremony.run();
    }
  }

  @Test
  void decode_encodedResult_rebuildsTheSameResult() throws Exception {
    for (GroupKeyAlgorithm algorithm : GroupKeyAlgorithm.values()) {
      LocalCeremony.Outcome outcome = signed(algorithm);
      PartyResult original = outcome.results().get(TWO);
      PartyResult decoded = PartyResult.decode(original.encode(), outcome.proposal(), POLICY,
          SAMPLE, TWO);
      assertEquals(original.groupKey(), decoded.groupKey());
      assertArrayEquals(original.artifactSignature(), decoded.artifactSignature());
      assertArrayEquals(original.certificateSignature(), decoded.certificateSignature());
      assertArrayEquals(original.sessionEvidence().bytes(), decoded.sessionEvidence().bytes());
      assertEquals(original.certificate().orElseThrow(), decoded.certificate().orElseThrow());
      assertArrayEquals(original.transcriptHash(), decoded.transcriptHash());
      assertEquals(original.receipts().size(), decoded.receipts().size());
      assertArrayEquals(original.encode(), decoded.encode());
    }
  }

  @Test
  void decode_tamperedResult_throwsPartyResponseInvalid() throws Exception {
    LocalCeremony.Outcome outcome = signed(GroupKeyAlgorithm.ED25519);
    byte[] encoded = outcome.results().get(ONE).encode();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      byte[] edited = encoded.clone();
      int at = random.nextInt(edited.length);
      edited[at] ^= (byte) (1 << random.nextInt(8));
      try {
        PartyResult decoded = PartyResult.decode(edited, outcome.proposal(), POLICY,
            SAMPLE, ONE);
        // A flip in what nothing checks here (a report byte, the dropped-frames counter) decodes;
        // the bundle verifier checks reports. The signatures and the key never change silently.
        assertArrayEquals(outcome.results().get(ONE).artifactSignature(),
            decoded.artifactSignature(), "seed 11, edit " + i);
      } catch (ProtocolException e) {
        assertEquals(ErrorCode.PARTY_RESPONSE_INVALID, e.code(), "seed 11, edit " + i);
        assertEquals(List.of(ONE), e.culprits());
      }
    }
    ProtocolException wrongParty = assertThrows(ProtocolException.class, () ->
        PartyResult.decode(encoded, outcome.proposal(), POLICY, SAMPLE, TWO));
    assertEquals(ErrorCode.PARTY_RESPONSE_INVALID, wrongParty.code());
    ProtocolException trailing = assertThrows(ProtocolException.class, () ->
        PartyResult.decode(Arrays.copyOf(encoded, encoded.length + 1), outcome.proposal(),
            POLICY, SAMPLE, ONE));
    assertEquals(ErrorCode.PARTY_RESPONSE_INVALID, trailing.code());
    ProtocolException otherArtifact = assertThrows(ProtocolException.class, () ->
        PartyResult.decode(encoded, outcome.proposal(), POLICY, "another".getBytes(), ONE));
    assertEquals(ErrorCode.PARTY_RESPONSE_INVALID, otherArtifact.code());
  }

  @Test
  void decodeRecord_encodedRecord_isEqual() throws Exception {
    try (LocalCeremony ceremony = LocalCeremony.builder().parties(3).threshold(2)
        .artifact("a.bin", SAMPLE).faults("crash:2@dkg")
        .phaseTimeout(Duration.ofSeconds(2)).build()) {
      LocalCeremony.Outcome outcome = ceremony.run();
      OutcomeRecord record = outcome.aborts().get(ONE).record();
      OutcomeRecord decoded = OutcomeRecord.decode(record.encode(), ONE);
      assertEquals(record, decoded);
      assertEquals(record.digestHex(), decoded.digestHex());
      assertTrue(!record.reports().isEmpty(), record.toString());
      byte[] trailing = Arrays.copyOf(record.encode(), record.encode().length + 1);
      ProtocolException e = assertThrows(ProtocolException.class,
          () -> OutcomeRecord.decode(trailing, ONE));
      assertEquals(ErrorCode.PARTY_RESPONSE_INVALID, e.code());
      assertEquals(List.of(ONE), e.culprits());
    }
  }
}
