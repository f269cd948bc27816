package dev.mayfly.party.internal;

import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.ceremony.ProgressEvent;
import dev.mayfly.common.ArtifactDigest;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.transport.grpc.internal.Wire;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The wire between the signing client and a party's client port (docs/deployment.md): one
 * bidirectional streaming call {@code mayfly.party.v1.Signing/Sign} per party per session, each
 * message one frame of our own versioned binary format ({@code u8 version = 1, u8 type}, then the
 * body, big-endian, no trailing bytes).
 *
 * <p>Client to party: one {@link #PROPOSE} (target party, the proposal, each artifact's length),
 * then {@link #CHUNK}s of the artifacts' bytes one after the other in the proposal's order (at
 * most {@link #CHUNK_BYTES} each) adding up to the sum of those lengths,
 * then half-close. Party to client: {@link #EVENT}s as the party progresses, then exactly one
 * {@link #RESULT} or {@link #ABORT}, then OK. A party that refuses the call ends it with a gRPC
 * error whose trailers carry {@code mayfly-error-code}.
 */
public final class SigningWire {
  public static final String SERVICE = "mayfly.party.v1.Signing";
  public static final int VERSION = 2;
  /**
   * Client to party: u16 target party, u32 length + proposal ({@link ProposalCodec}), u16 count +
   * u64 length per artifact (count 0 in statement mode).
   */
  public static final int PROPOSE = 1;
  /** Client to party: u32 length + up to {@link #CHUNK_BYTES} artifact bytes. */
  public static final int CHUNK = 2;
  /** Party to client: a progress event (see {@link #event}). */
  public static final int EVENT = 3;
  /** Party to client: u32 length + {@code PartyResult.encode()}. */
  public static final int RESULT = 4;
  /** Party to client: u32 length + {@code OutcomeRecord.encode()}, u32 length + UTF-8 message. */
  public static final int ABORT = 5;

  /** The largest artifact chunk. */
  public static final int CHUNK_BYTES = 1 << 20;
  /** The largest frame a client accepts from a party. */
  public static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
  private static final int MAX_PROPOSAL_BYTES = 1024 * 1024;
  private static final int MAX_TEXT_BYTES = 1024;

  /** The Mayfly {@code ErrorCode} name of a refusal; trailers only (as on the peer port). */
  public static final Metadata.Key<String> ERROR_CODE = Wire.ERROR_CODE;

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = Wire.bytesMarshaller();

  /** {@code mayfly.party.v1.Signing/Sign}. */
  public static final MethodDescriptor<byte[], byte[]> SIGN =
      MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Sign"))
          .setRequestMarshaller(BYTES)
          .setResponseMarshaller(BYTES)
          .build();

  private SigningWire() {}

  /** A PROPOSE frame. */
  public static byte[] propose(PartyId target, byte[] proposal, List<Long> artifactLengths) {
    ByteWriter out = header(PROPOSE, proposal.length + 32 + 8 * artifactLengths.size())
        .u16(target.value()).lengthPrefixed(proposal).u16(artifactLengths.size());
    artifactLengths.forEach(out::u64);
    return out.toByteArray();
  }

  /** A CHUNK frame. */
  public static byte[] chunk(byte[] bytes, int offset, int length) {
    return header(CHUNK, length + 8).lengthPrefixed(Arrays.copyOfRange(bytes, offset,
        offset + length)).toByteArray();
  }

  /** A RESULT frame. */
  public static byte[] result(byte[] encodedResult) {
    return header(RESULT, encodedResult.length + 8).lengthPrefixed(encodedResult).toByteArray();
  }

  /** An ABORT frame. */
  public static byte[] abort(byte[] encodedRecord, String message) {
    return header(ABORT, encodedRecord.length + 64).lengthPrefixed(encodedRecord)
        .lengthPrefixed(text(message)).toByteArray();
  }

  /**
   * An EVENT frame: u8 length + phase name, u8 length + kind name, u64 elapsed milliseconds,
   * u8 length + code name (0 for none), u16 count + u16 culprits, u32 length + UTF-8 detail.
   */
  public static byte[] event(ProgressEvent event) {
    ByteWriter out = header(EVENT, 256);
    ProposalCodec.ascii(out, event.phase().name());
    ProposalCodec.ascii(out, event.kind().name());
    out.u64(Math.max(0, event.elapsed().toMillis()));
    ProposalCodec.ascii(out, event.errorCode().map(Enum::name).orElse(""));
    out.u16(event.culprits().size());
    event.culprits().forEach(p -> out.u16(p.value()));
    out.lengthPrefixed(text(event.detail()));
    return out.toByteArray();
  }

  /** A decoded client frame. */
  public record ClientFrame(int type, PartyId target, byte[] body, List<Long> artifactLengths) {}

  /** A decoded party frame. */
  public record PartyFrame(int type, byte[] body, String message,
      @Nullable ProgressEvent event) {}

  /**
   * Decodes a frame the client sent.
   *
   * @throws MalformedBytesException if it breaks the format
   */
  public static ClientFrame decodeClient(byte[] frame) {
    ByteReader in = new ByteReader(frame);
    int type = type(in);
    ClientFrame decoded;
    switch (type) {
      case PROPOSE -> {
        PartyId target = PartyId.of(in.u16("target"));
        byte[] proposal = in.lengthPrefixed(MAX_PROPOSAL_BYTES, "proposal");
        int count = in.u16("artifact count");
        if (count > ArtifactDigest.MAX_ARTIFACTS) {
          throw new MalformedBytesException(count + " artifacts, at most "
              + ArtifactDigest.MAX_ARTIFACTS);
        }
        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          long length = in.u64("artifact length");
          if (length < 0) {
            throw new MalformedBytesException("artifact length out of range");
          }
          lengths.add(length);
        }
        decoded = new ClientFrame(type, target, proposal, List.copyOf(lengths));
      }
      case CHUNK -> decoded = new ClientFrame(type, PartyId.of(1),
          in.lengthPrefixed(CHUNK_BYTES, "chunk"), List.of());
      default -> throw new MalformedBytesException("frame type " + type
          + " is not one a client sends");
    }
    in.expectEnd("frame");
    return decoded;
  }

  /**
   * Decodes a frame a party sent, for the session id {@code sessionHex} and party {@code party}.
   *
   * @throws MalformedBytesException if it breaks the format
   */
  public static PartyFrame decodeParty(byte[] frame, String sessionHex, PartyId party) {
    ByteReader in = new ByteReader(frame);
    int type = type(in);
    PartyFrame decoded;
    switch (type) {
      case EVENT -> {
        try {
          CeremonyPhase phase = CeremonyPhase.valueOf(ProposalCodec.ascii(in, "phase"));
          ProgressEvent.Kind kind = ProgressEvent.Kind.valueOf(ProposalCodec.ascii(in, "kind"));
          long elapsed = in.u64("elapsed");
          String code = ProposalCodec.ascii(in, "code");
          int count = in.u16("culprit count");
          if (count > 255) {
            throw new MalformedBytesException(count + " culprits");
          }
          List<PartyId> culprits = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            culprits.add(PartyId.of(in.u16("culprit")));
          }
          String detail = new String(in.lengthPrefixed(MAX_TEXT_BYTES, "detail"),
              StandardCharsets.UTF_8);
          decoded = new PartyFrame(type, new byte[0], "", new ProgressEvent(sessionHex, party,
              phase, kind, Duration.ofMillis(Math.min(elapsed, 1L << 40)),
              code.isEmpty() ? null : ErrorCode.valueOf(code), culprits, detail));
        } catch (IllegalArgumentException e) {
          throw new MalformedBytesException("event: " + e.getMessage());
        }
      }
      case RESULT -> decoded = new PartyFrame(type,
          in.lengthPrefixed(MAX_RESPONSE_BYTES, "result"), "", null);
      case ABORT -> decoded = new PartyFrame(type, in.lengthPrefixed(64 * 1024, "record"),
          new String(in.lengthPrefixed(MAX_TEXT_BYTES, "message"), StandardCharsets.UTF_8),
          null);
      default -> throw new MalformedBytesException("frame type " + type
          + " is not one a party sends");
    }
    in.expectEnd("frame");
    return decoded;
  }

  private static int type(ByteReader in) {
    int version = in.u8("version");
    if (version != VERSION) {
      throw new MalformedBytesException("frame version " + version + ", expected " + VERSION);
    }
    return in.u8("type");
  }

  private static ByteWriter header(int type, int size) {
    return new ByteWriter(size + 2).u8(VERSION).u8(type);
  }

  private static byte[] text(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return bytes.length > MAX_TEXT_BYTES ? Arrays.copyOf(bytes, MAX_TEXT_BYTES) : bytes;
  }
}
