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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

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

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<Byte> interesting = Arbitraries.of((byte) '"', (byte) '{', (byte) '}', (byte) '[',
        (byte) ']', (byte) ',', (byte) ':', (byte) '\\', (byte) '=', (byte) '-', (byte) '_',
        (byte) 0x00, (byte) 0x80, (byte) 0xc3, (byte) 0xff, (byte) 'e', (byte) '0');
    Arbitrary<Byte> value = Arbitraries.oneOf(interesting, Arbitraries.bytes());
    return Combinators.combine(Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 4096), value)
        .as(Mutation::new)
        .list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 300)
  void parseJson_arbitraryBytes_throwsOnlyApprovalException(@ForAll @Size(max = 300) byte[] json) {
    parseEverything(json);
  }

  @Property(tries = 300)
  void parseJson_mutatedEnvelope_throwsOnlyApprovalException(
      @ForAll("mutations") List<Mutation> mutations) {
    parseEverything(mutate(VALID, mutations));
  }

  @Property(tries = 200)
  void parseJson_mutatedPolicy_throwsOnlyApprovalException(
      @ForAll("mutations") List<Mutation> mutations) {
    try {
      ApprovalPolicy.parseJson(mutate(POLICY_JSON, mutations));
    } catch (ApprovalException expected) {
      // refused with a stable code: fine
    }
  }

  @Property(tries = 200)
  void parseJson_toJsonBytes_roundTrips(
      @ForAll @StringLength(max = 40) @CharRange(from = ' ', to = '\uD7FF') String payloadType,
      @ForAll @Size(max = 200) byte[] payload,
      @ForAll @Size(min = 1, max = 4) List<@StringLength(max = 20) @CharRange(from = ' ', to = '~') String> keyIds)
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
