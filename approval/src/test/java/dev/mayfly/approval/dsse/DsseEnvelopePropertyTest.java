package dev.mayfly.approval.dsse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.ApprovalPolicy;
import dev.mayfly.approval.ApprovalVerifier;
import dev.mayfly.approval.intoto.InTotoStatement;
import dev.mayfly.approval.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.mayfly.testsupport.Gen;
import dev.mayfly.testsupport.Seeded;
import org.junit.jupiter.api.Test;

/** Parsers of untrusted JSON throw nothing but {@link ApprovalException}; round trips hold. */
class DsseEnvelopePropertyTest {
  private static final byte[] VALID = Fixtures.approval(0);
  private static final byte[] POLICY_JSON = Fixtures.policy(3, 2).toJsonBytes();
  private static final ApprovalVerifier VERIFIER = ApprovalVerifier.create(Fixtures.policy(3, 1));

  /** An edit of a byte string: flip, overwrite, delete or insert, at a position. */
  record Mutation(int kind, int position, byte value) {
    byte[] apply(byte[] in) {
      int at = Math.floorMod(position, in.length + 1);
      List<Byte> out = new ArrayList<>();
      for (byte b : in) {
        out.add(b);
      }
      switch (kind) {
        case 0 -> { if (at < in.length) out.set(at, (byte) (in[at] ^ (1 << (value & 7)))); }
        case 1 -> { if (at < in.length) out.set(at, value); }
        case 2 -> { if (at < in.length) out.remove(at); }
        default -> out.add(at, value);
      }
      byte[] result = new byte[out.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = out.get(i);
      }
      return result;
    }
  }

  private static final List<Byte> INTERESTING = List.of((byte) '"', (byte) '{', (byte) '}',
      (byte) '[', (byte) ']', (byte) ',', (byte) ':', (byte) '\\', (byte) '=', (byte) '-',
      (byte) '_', (byte) 0x00, (byte) 0x80, (byte) 0xc3, (byte) 0xff, (byte) 'e', (byte) '0');

  private static List<Mutation> mutations(Gen g) {
    return g.listOf(1, 6, () -> new Mutation(g.intBetween(0, 3), g.intBetween(0, 4096),
        g.bool() ? g.oneOf(INTERESTING) : g.anyByte()));
  }

  @Test
  void parseJson_arbitraryBytes_throwsOnlyApprovalException() {
    Seeded.forAll(300, g -> parseEverything(g.bytes(300)));
  }

  @Test
  void parseJson_mutatedEnvelope_throwsOnlyApprovalException() {
    Seeded.forAll(300, g -> parseEverything(mutate(VALID, mutations(g))));
  }

  @Test
  void parseJson_mutatedPolicy_throwsOnlyApprovalException() {
    Seeded.forAll(200, g -> {
      try {
        ApprovalPolicy.parseJson(mutate(POLICY_JSON, mutations(g)));
      } catch (ApprovalException expected) {
        // refused with a stable code: fine
      }
    });
  }

  @Test
  void parseJson_toJsonBytes_roundTrips() {
    Seeded.forAll(200, g -> roundTrips(g.string(40, ' ', '\uD7FF'), g.bytes(200),
        g.listOf(1, 4, () -> g.string(20, ' ', '~'))));
  }

  private static void roundTrips(String payloadType, byte[] payload, List<String> keyIds)
      throws Exception {
    List<DsseSignature> signatures = new ArrayList<>();
    for (String keyId : keyIds) {
      signatures.add(DsseSignature.of(keyId, (keyId + "sig").getBytes(StandardCharsets.UTF_8)));
    }
    DsseEnvelope envelope = DsseEnvelope.of(payloadType, payload, signatures);
    DsseEnvelope parsed = DsseEnvelope.parseJson(envelope.toJsonBytes());
    assertEquals(envelope, parsed);
    assertArrayEquals(envelope.toJsonBytes(), parsed.toJsonBytes());
  }

  private static byte[] mutate(byte[] json, List<Mutation> mutations) {
    for (Mutation m : mutations) {
      json = m.apply(json);
    }
    return json;
  }

  /** Runs every parser and the verifier over {@code json}; anything but ApprovalException fails. */
  private static void parseEverything(byte[] json) {
    try {
      DsseEnvelope envelope = DsseEnvelope.parseJson(json);
      InTotoStatement.parseJson(envelope.payload());
    } catch (ApprovalException expected) {
      // refused with a stable code: fine
    }
    try {
      VERIFIER.verify(List.of(json), Fixtures.ARTIFACT, Fixtures.ARTIFACT_SHA256,
          Fixtures.POLICY_HASH, Fixtures.AT);
    } catch (ApprovalException expected) {
      // refused with a stable code: fine
    }
    try {
      InTotoStatement.parseJson(json);
    } catch (ApprovalException expected) {
      // refused with a stable code: fine
    }
  }
}
