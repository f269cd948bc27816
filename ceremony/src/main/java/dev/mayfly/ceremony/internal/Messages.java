package dev.mayfly.ceremony.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.transport.RoundTag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The payloads of ceremony envelopes, version 2 (counts of documents are u16 since release sessions), big-endian (docs/ceremony.md, "Messages"). Every
 * payload starts with {@code u8 version = 2, u8 type}; decoders are strict (bounded lengths, no
 * trailing bytes) and fail with a {@link ProtocolException} {@code CEREMONY_MALFORMED_MESSAGE}
 * naming nobody: the caller knows who signed the envelope and whether the failure is a proof.
 */
public final class Messages {
  public static final int VERSION = 2;

  public static final int TYPE_HELLO = 1;
  /** An mpc-core message in the clear (DKG round 1), or a list of them (ECDSA signing round 3). */
  public static final int TYPE_PROTOCOL = 2;
  /** An HPKE ciphertext to the recipient (DKG shares, ECDSA signing rounds 1 and 2). */
  public static final int TYPE_SEALED = 3;
  public static final int TYPE_SIGN_COMMIT = 4;
  public static final int TYPE_SIGN_SHARE = 5;
  public static final int TYPE_DONE = 6;
  public static final int TYPE_ABORT = 7;
  public static final int TYPE_ABORT_RELAY = 8;
  public static final int TYPE_ABORT_CLOSE = 9;

  static final int MAX_REPORT_BYTES = 4096;
  static final int MAX_CERT_BYTES = 16 * 1024;
  static final int MAX_CHAIN = 3;
  static final int MAX_PROTOCOL_MESSAGE_BYTES = 1 << 20;
  /**
   * The most documents of one session: the certificate, then per artifact at most its bytes, its
   * statement and its JAR signature's signed attributes.
   */
  public static final int MAX_DOCUMENTS = 1 + 3 * dev.mayfly.common.ArtifactDigest.MAX_ARTIFACTS;
  static final int MAX_SIGNATURE_BYTES = 128;
  static final int MAX_TEXT_BYTES = 1024;

  // The abort messages are written within the limits they are read with: an honest party never
  // sends what an honest party refuses (docs/ceremony.md, "Messages").

  /** The most bytes of one encoded hello envelope, carried in announcements and relays. */
  public static final int MAX_HELLO_BYTES = 64 * 1024;
  /** The most complaints one announcement carries. */
  public static final int MAX_COMPLAINTS = 64;
  /** The most envelopes of one evidence or recent list. */
  public static final int MAX_EVIDENCE = 256;
  /** The most bytes of one encoded envelope carried as evidence. */
  public static final int MAX_EVIDENCE_BYTES = 1024 * 1024;
  /** The most bytes of one announcement payload; relays of it still fit an envelope. */
  public static final int MAX_ANNOUNCEMENT_BYTES = 8 * 1024 * 1024;
  /** The most bytes of one close payload. */
  static final int CLOSE_BYTES = 2 + 32;
  static final int DIGEST_BYTES = 32;
  static final int KEY_BYTES = 32;

  private Messages() {}

  /** The hello: the proposal hash, the session public keys and the evidence binding them. */
  public record Hello(byte[] proposalHash, byte[] identityKey, byte[] hpkeKey, Evidence evidence) {}

  /** One document's round-1 contribution: the digest of the bytes built, commitments if signer. */
  public record Commit(byte[] messageDigest, Optional<byte[]> commitments) {}

  /**
   * The end of the session: the final signatures (empty from a party that did not compute them,
   * an ECDSA non-signer) and the destruction receipt.
   */
  public record Done(List<byte[]> signatures, Evidence receipt) {}

  /** One complaint of an announcement, as sent. */
  public record WireComplaint(int kind, String codeName, List<PartyId> accused,
      @Nullable RoundTag round, List<byte[]> evidence, String text) {}

  /**
   * An abort announcement: the announcer's own hello envelope (so that a party that never got
   * the hello can admit its key), the phase and round it was in, its complaints, and the
   * broadcast and echo envelopes of the latest rounds it holds.
   */
  public record Announcement(byte[] helloEnvelope, String phaseName, @Nullable RoundTag round,
      List<WireComplaint> complaints, List<byte[]> recent) {}

  /**
   * A relay of an abort message: the relaying party's hello, the envelope relayed (an
   * announcement, or another party's relay of one), and the hello of the announcement's author if
   * the relaying party holds it (so that a party that never got it can check the announcement).
   */
  public record Relay(byte[] helloEnvelope, byte[] relayedEnvelope,
      byte @Nullable [] authorHelloEnvelope) {}

  public static byte[] hello(Hello hello) {
    ByteWriter out = header(TYPE_HELLO, 256 + hello.evidence().reportBytes().length);
    out.bytes(hello.proposalHash()).bytes(hello.identityKey()).bytes(hello.hpkeKey());
    evidence(out, hello.evidence());
    return out.toByteArray();
  }

  public static Hello parseHello(byte[] payload) throws ProtocolException {
    return decode(payload, TYPE_HELLO, in -> new Hello(
        in.bytes(DIGEST_BYTES, "proposal hash"), in.bytes(KEY_BYTES, "identity key"),
        in.bytes(KEY_BYTES, "HPKE key"), evidence(in)));
  }

  public static byte[] opaque(int type, byte[] body) {
    return header(type, body.length + 8).lengthPrefixed(body).toByteArray();
  }

  public static byte[] parseOpaque(byte[] payload, int type) throws ProtocolException {
    // The body is bounded by the envelope, whose payload limit the round plan sets (an ECDSA
    // release's sealed signing lists may exceed one MiB).
    return decode(payload, type,
        in -> in.lengthPrefixed(dev.mayfly.transport.Envelope.MAX_PAYLOAD_BYTES, "body"));
  }

  public static byte[] commits(List<Commit> commits) {
    ByteWriter out = header(TYPE_SIGN_COMMIT, 64 * commits.size());
    out.u16(commits.size());
    for (Commit commit : commits) {
      out.bytes(commit.messageDigest());
      optional(out, commit.commitments().orElse(null));
    }
    return out.toByteArray();
  }

  public static List<Commit> parseCommits(byte[] payload, int expectedCount)
      throws ProtocolException {
    return decode(payload, TYPE_SIGN_COMMIT, in -> {
      int count = count(in, expectedCount);
      List<Commit> commits = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        commits.add(new Commit(in.bytes(DIGEST_BYTES, "message digest"), optional(in)));
      }
      return commits;
    });
  }

  public static byte[] shares(List<Optional<byte[]>> shares) {
    ByteWriter out = header(TYPE_SIGN_SHARE, 64 * shares.size());
    out.u16(shares.size());
    shares.forEach(s -> optional(out, s.orElse(null)));
    return out.toByteArray();
  }

  public static List<Optional<byte[]>> parseShares(byte[] payload, int expectedCount)
      throws ProtocolException {
    return decode(payload, TYPE_SIGN_SHARE, in -> {
      int count = count(in, expectedCount);
      List<Optional<byte[]>> shares = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        shares.add(optional(in));
      }
      return shares;
    });
  }

  public static byte[] done(Done done) {
    ByteWriter out = header(TYPE_DONE, 512 + done.receipt().reportBytes().length);
    list(out, done.signatures());
    evidence(out, done.receipt());
    return out.toByteArray();
  }

  public static Done parseDone(byte[] payload) throws ProtocolException {
    return decode(payload, TYPE_DONE, in -> new Done(list(in, MAX_SIGNATURE_BYTES), evidence(in)));
  }

  /** A list of byte strings (one per document): {@code u16 count}, each u32 length + bytes. */
  public static byte[] list(List<byte[]> items) {
    ByteWriter out = new ByteWriter(64 * items.size());
    list(out, items);
    return out.toByteArray();
  }

  /** Reads {@link #list(List)} with exactly {@code expectedCount} items. */
  public static List<byte[]> parseList(byte[] bytes, int expectedCount) throws ProtocolException {
    try {
      ByteReader in = new ByteReader(bytes);
      List<byte[]> items = list(in, MAX_PROTOCOL_MESSAGE_BYTES);
      in.expectEnd("list");
      if (items.size() != expectedCount) {
        throw new MalformedBytesException(
            "lists " + items.size() + " items, expected " + expectedCount);
      }
      return items;
    } catch (MalformedBytesException e) {
      throw malformed(e);
    }
  }

  /**
   * Encodes an announcement.
   *
   * @throws IllegalArgumentException if it breaks a limit it is read with (see {@link
   *     #announcementSize}; {@code AbortAgreement} fits every announcement first)
   */
  public static byte[] announcement(Announcement a) {
    long size = announcementSize(a);
    if (size > MAX_ANNOUNCEMENT_BYTES || a.helloEnvelope().length > MAX_HELLO_BYTES
        || a.complaints().size() > MAX_COMPLAINTS || a.recent().size() > MAX_EVIDENCE
        || a.recent().stream().anyMatch(r -> r.length > MAX_EVIDENCE_BYTES)) {
      throw new IllegalArgumentException("announcement over the limits it is read with");
    }
    ByteWriter out = header(TYPE_ABORT, (int) size);
    out.lengthPrefixed(a.helloEnvelope());
    ascii(out, a.phaseName());
    round(out, a.round());
    out.u8(a.complaints().size());
    for (WireComplaint c : a.complaints()) {
      if (c.accused().size() > 255 || c.evidence().size() > MAX_EVIDENCE
          || c.evidence().stream().anyMatch(e -> e.length > MAX_EVIDENCE_BYTES)) {
        throw new IllegalArgumentException("complaint over the limits it is read with");
      }
      out.u8(c.kind());
      ascii(out, c.codeName());
      out.u8(c.accused().size());
      c.accused().forEach(p -> out.u16(p.value()));
      round(out, c.round());
      envelopes(out, c.evidence());
      text(out, c.text());
    }
    envelopes(out, a.recent());
    return out.toByteArray();
  }

  /** The encoded size of an announcement, in bytes. */
  public static long announcementSize(Announcement a) {
    long size = 2 + 4L + a.helloEnvelope().length + 1 + a.phaseName().length() + roundSize(
        a.round()) + 1 + listSize(a.recent());
    for (WireComplaint c : a.complaints()) {
      size += complaintSize(c);
    }
    return size;
  }

  /** The encoded size of one complaint, in bytes. */
  public static long complaintSize(WireComplaint c) {
    return 1 + 1 + c.codeName().length() + 1 + 2L * c.accused().size() + roundSize(c.round())
        + listSize(c.evidence()) + 4 + Math.min(MAX_TEXT_BYTES,
            c.text().getBytes(StandardCharsets.UTF_8).length);
  }

  /** The encoded size of a list of envelopes, in bytes. */
  public static long listSize(List<byte[]> envelopes) {
    return 2 + envelopes.stream().mapToLong(e -> 4L + e.length).sum();
  }

  private static int roundSize(@Nullable RoundTag round) {
    return round == null ? 1 : 1 + round.phase().length() + 2;
  }

  public static Announcement parseAnnouncement(byte[] payload) throws ProtocolException {
    if (payload.length > MAX_ANNOUNCEMENT_BYTES) {
      throw new ProtocolException(ErrorCode.CEREMONY_MALFORMED_MESSAGE, "announcement of "
          + payload.length + " bytes, at most " + MAX_ANNOUNCEMENT_BYTES);
    }
    return decode(payload, TYPE_ABORT, in -> {
      byte[] hello = in.lengthPrefixed(MAX_HELLO_BYTES, "hello");
      String phase = ascii(in, "phase");
      RoundTag round = round(in);
      int count = in.u8("complaint count");
      if (count > MAX_COMPLAINTS) {
        throw new MalformedBytesException(count + " complaints, at most " + MAX_COMPLAINTS);
      }
      List<WireComplaint> complaints = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int kind = in.u8("complaint kind");
        if (kind != 1 && kind != 2) {
          throw new MalformedBytesException("complaint kind " + kind);
        }
        String code = ascii(in, "code");
        int accusedCount = in.u8("accused count");
        List<PartyId> accused = new ArrayList<>();
        for (int j = 0; j < accusedCount; j++) {
          int id = in.u16("accused");
          if (id < 1) {
            throw new MalformedBytesException("accused party 0");
          }
          accused.add(PartyId.of(id));
        }
        complaints.add(new WireComplaint(kind, code, accused, round(in), envelopes(in),
            text(in)));
      }
      return new Announcement(hello, phase, round, complaints, envelopes(in));
    });
  }

  /**
   * Encodes a relay.
   *
   * @throws IllegalArgumentException if a hello is over {@link #MAX_HELLO_BYTES}
   */
  public static byte[] relay(Relay relay) {
    if (relay.helloEnvelope().length > MAX_HELLO_BYTES || (relay.authorHelloEnvelope() != null
        && relay.authorHelloEnvelope().length > MAX_HELLO_BYTES)) {
      throw new IllegalArgumentException("hello over " + MAX_HELLO_BYTES + " bytes");
    }
    ByteWriter out = header(TYPE_ABORT_RELAY, relaySize(relay.relayedEnvelope().length));
    out.lengthPrefixed(relay.helloEnvelope()).lengthPrefixed(relay.relayedEnvelope());
    optional(out, relay.authorHelloEnvelope());
    return out.toByteArray();
  }

  /** The most bytes of a relay payload around a relayed envelope of {@code relayed} bytes. */
  public static int relaySize(int relayed) {
    return 2 + 4 + MAX_HELLO_BYTES + 4 + relayed + 1 + 4 + MAX_HELLO_BYTES;
  }

  public static Relay parseRelay(byte[] payload) throws ProtocolException {
    return decode(payload, TYPE_ABORT_RELAY, in -> new Relay(
        in.lengthPrefixed(MAX_HELLO_BYTES, "hello"),
        in.lengthPrefixed(payload.length, "relayed envelope"),
        optionalHello(in)));
  }

  /** A close: the digest of the set of announcements the sender holds. */
  public static byte[] close(byte[] setDigest) {
    return header(TYPE_ABORT_CLOSE, CLOSE_BYTES).bytes(setDigest).toByteArray();
  }

  public static byte[] parseClose(byte[] payload) throws ProtocolException {
    return decode(payload, TYPE_ABORT_CLOSE, in -> in.bytes(DIGEST_BYTES, "set digest"));
  }

  private static byte @Nullable [] optionalHello(ByteReader in) {
    int present = in.u8("presence");
    if (present == 0) {
      return null;
    }
    if (present != 1) {
      throw new MalformedBytesException("presence flag " + present);
    }
    return in.lengthPrefixed(MAX_HELLO_BYTES, "author hello");
  }

  /**
   * The sender's own hello envelope at the start of an announcement or relay payload, without
   * checking the rest; empty if the payload does not start like one.
   */
  public static Optional<byte[]> carriedHello(byte[] payload) {
    try {
      ByteReader in = new ByteReader(payload);
      int version = in.u8("version");
      int type = in.u8("type");
      if (version != VERSION || (type != TYPE_ABORT && type != TYPE_ABORT_RELAY)) {
        return Optional.empty();
      }
      return Optional.of(in.lengthPrefixed(MAX_HELLO_BYTES, "hello"));
    } catch (MalformedBytesException e) {
      return Optional.empty();
    }
  }

  // ----------------------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Body<T> {
    T read(ByteReader in);
  }

  private static ByteWriter header(int type, int expectedSize) {
    return new ByteWriter(expectedSize).u8(VERSION).u8(type);
  }

  private static <T> T decode(byte[] payload, int type, Body<T> body) throws ProtocolException {
    try {
      ByteReader in = new ByteReader(payload);
      int version = in.u8("version");
      int actualType = in.u8("type");
      if (version != VERSION || actualType != type) {
        throw new MalformedBytesException(
            "version " + version + " type " + actualType + ", expected version " + VERSION
                + " type " + type);
      }
      T value = body.read(in);
      in.expectEnd("message");
      return value;
    } catch (MalformedBytesException | IllegalArgumentException e) {
      throw malformed(e);
    }
  }

  private static ProtocolException malformed(RuntimeException e) {
    return new ProtocolException(ErrorCode.CEREMONY_MALFORMED_MESSAGE,
        "does not decode: " + e.getMessage(), List.of(), e);
  }

  private static int count(ByteReader in, int expected) {
    int count = in.u16("count");
    if (count != expected) {
      throw new MalformedBytesException("lists " + count + " documents, expected " + expected);
    }
    return count;
  }

  private static void list(ByteWriter out, List<byte[]> items) {
    out.u16(items.size());
    items.forEach(out::lengthPrefixed);
  }

  private static List<byte[]> list(ByteReader in, int maxItemBytes) {
    int count = in.u16("count");
    if (count > MAX_DOCUMENTS) {
      throw new MalformedBytesException(count + " items, at most " + MAX_DOCUMENTS);
    }
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(in.lengthPrefixed(maxItemBytes, "item"));
    }
    return items;
  }

  private static void envelopes(ByteWriter out, List<byte[]> envelopes) {
    out.u16(envelopes.size());
    envelopes.forEach(out::lengthPrefixed);
  }

  private static List<byte[]> envelopes(ByteReader in) {
    int count = in.u16("envelope count");
    if (count > MAX_EVIDENCE) {
      throw new MalformedBytesException(count + " envelopes, at most " + MAX_EVIDENCE);
    }
    List<byte[]> envelopes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      envelopes.add(in.lengthPrefixed(MAX_EVIDENCE_BYTES, "envelope"));
    }
    return envelopes;
  }

  private static void round(ByteWriter out, @Nullable RoundTag round) {
    if (round == null) {
      out.u8(0);
    } else {
      ascii(out, round.phase());
      out.u16(round.round());
    }
  }

  private static @Nullable RoundTag round(ByteReader in) {
    int length = in.u8("round phase length");
    if (length == 0) {
      return null;
    }
    String phase = new String(in.bytes(length, "round phase"), StandardCharsets.US_ASCII);
    if (!RoundTag.isValidPhase(phase)) {
      throw new MalformedBytesException("round phase is not a phase name");
    }
    return RoundTag.of(phase, in.u16("round"));
  }

  private static void text(ByteWriter out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.lengthPrefixed(bytes.length > MAX_TEXT_BYTES ? Arrays.copyOf(bytes, MAX_TEXT_BYTES)
        : bytes);
  }

  private static String text(ByteReader in) {
    return new String(in.lengthPrefixed(MAX_TEXT_BYTES, "text"), StandardCharsets.UTF_8);
  }

  private static void optional(ByteWriter out, byte @Nullable [] value) {
    if (value == null) {
      out.u8(0);
    } else {
      out.u8(1).lengthPrefixed(value);
    }
  }

  private static Optional<byte[]> optional(ByteReader in) {
    int present = in.u8("presence");
    if (present == 0) {
      return Optional.empty();
    }
    if (present != 1) {
      throw new MalformedBytesException("presence flag " + present);
    }
    return Optional.of(in.lengthPrefixed(MAX_PROTOCOL_MESSAGE_BYTES, "value"));
  }

  /** Writes evidence as every message carries it (docs/ceremony.md, "Messages"). */
  public static void writeEvidence(ByteWriter out, Evidence evidence) {
    evidence(out, evidence);
  }

  /**
   * Reads evidence written by {@link #writeEvidence}.
   *
   * @throws MalformedBytesException if it breaks a bound
   */
  public static Evidence readEvidence(ByteReader in) {
    return evidence(in);
  }

  private static void evidence(ByteWriter out, Evidence evidence) {
    out.lengthPrefixed(evidence.reportBytes());
    List<byte[]> chain = evidence.certificateChain();
    out.u8(chain.size());
    chain.forEach(out::lengthPrefixed);
  }

  private static Evidence evidence(ByteReader in) {
    byte[] report = in.lengthPrefixed(MAX_REPORT_BYTES, "report");
    int count = in.u8("chain length");
    if (count > MAX_CHAIN) {
      throw new MalformedBytesException("chain of " + count + " certificates");
    }
    List<byte[]> chain = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chain.add(in.lengthPrefixed(MAX_CERT_BYTES, "certificate"));
    }
    return Evidence.of(report, chain);
  }

  private static void ascii(ByteWriter out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    out.u8(bytes.length).bytes(bytes);
  }

  private static String ascii(ByteReader in, String field) {
    byte[] bytes = in.bytes(in.u8(field + " length"), field);
    for (byte b : bytes) {
      if (b < 0x21 || b > 0x7E) {
        throw new MalformedBytesException(field + " is not printable ASCII");
      }
    }
    return new String(bytes, StandardCharsets.US_ASCII);
  }
}
