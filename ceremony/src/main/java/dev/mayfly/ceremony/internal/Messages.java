package dev.mayfly.ceremony.internal;

import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.ceremony.CeremonyPhase;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.evidence.Evidence;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The payloads of ceremony envelopes, version 1, big-endian (docs/ceremony.md, "Messages"). Every
 * payload starts with {@code u8 version = 1, u8 type}; decoders are strict (bounded lengths, no
 * trailing bytes) and fail with {@code CEREMONY_MALFORMED_MESSAGE} naming the sender.
 */
public final class Messages {
  public static final int VERSION = 1;

  public static final int TYPE_HELLO = 1;
  /** An mpc-core message in the clear (DKG round 1, ECDSA signing round 3). */
  public static final int TYPE_PROTOCOL = 2;
  /** An HPKE ciphertext to the recipient (DKG shares, ECDSA signing rounds 1 and 2). */
  public static final int TYPE_SEALED = 3;
  public static final int TYPE_SIGN_COMMIT = 4;
  public static final int TYPE_SIGN_SHARE = 5;
  public static final int TYPE_DONE = 6;
  public static final int TYPE_ABORT = 7;

  static final int MAX_REPORT_BYTES = 4096;
  static final int MAX_CERT_BYTES = 16 * 1024;
  static final int MAX_CHAIN = 3;
  static final int MAX_PROTOCOL_MESSAGE_BYTES = 1 << 20;
  static final int MAX_DOCUMENTS = 8;
  static final int MAX_SIGNATURE_BYTES = 128;
  static final int MAX_ABORT_TEXT_BYTES = 1024;
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

  /** An abort announcement: the reporter's code, culprits and a short public text. */
  public record Abort(String codeName, List<PartyId> culprits, String phaseName, String text) {}

  public static byte[] hello(Hello hello) {
    ByteWriter out = header(TYPE_HELLO, 256 + hello.evidence().reportBytes().length);
    out.bytes(hello.proposalHash()).bytes(hello.identityKey()).bytes(hello.hpkeKey());
    evidence(out, hello.evidence());
    return out.toByteArray();
  }

  public static Hello parseHello(byte[] payload, PartyId sender) throws CeremonyException {
    return decode(payload, sender, CeremonyPhase.HELLO, TYPE_HELLO, in -> new Hello(
        in.bytes(DIGEST_BYTES, "proposal hash"), in.bytes(KEY_BYTES, "identity key"),
        in.bytes(KEY_BYTES, "HPKE key"), evidence(in)));
  }

  /** The 32-byte identity key at its fixed place in a hello payload, for envelope checks. */
  public static byte[] carriedIdentityKey(byte[] helloPayload) {
    if (helloPayload.length < 2 + DIGEST_BYTES + KEY_BYTES) {
      return new byte[0];
    }
    byte[] key = new byte[KEY_BYTES];
    System.arraycopy(helloPayload, 2 + DIGEST_BYTES, key, 0, KEY_BYTES);
    return key;
  }

  public static byte[] opaque(int type, byte[] body) {
    return header(type, body.length + 8).lengthPrefixed(body).toByteArray();
  }

  public static byte[] parseOpaque(byte[] payload, PartyId sender, CeremonyPhase phase, int type)
      throws CeremonyException {
    return decode(payload, sender, phase, type,
        in -> in.lengthPrefixed(MAX_PROTOCOL_MESSAGE_BYTES, "body"));
  }

  public static byte[] commits(List<Commit> commits) {
    ByteWriter out = header(TYPE_SIGN_COMMIT, 64 * commits.size());
    out.u8(commits.size());
    for (Commit commit : commits) {
      out.bytes(commit.messageDigest());
      optional(out, commit.commitments().orElse(null));
    }
    return out.toByteArray();
  }

  public static List<Commit> parseCommits(byte[] payload, PartyId sender, int expectedCount)
      throws CeremonyException {
    return decode(payload, sender, CeremonyPhase.SIGN, TYPE_SIGN_COMMIT, in -> {
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
    out.u8(shares.size());
    shares.forEach(s -> optional(out, s.orElse(null)));
    return out.toByteArray();
  }

  public static List<Optional<byte[]>> parseShares(byte[] payload, PartyId sender,
      int expectedCount) throws CeremonyException {
    return decode(payload, sender, CeremonyPhase.SIGN, TYPE_SIGN_SHARE, in -> {
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

  public static Done parseDone(byte[] payload, PartyId sender) throws CeremonyException {
    return decode(payload, sender, CeremonyPhase.DESTROY, TYPE_DONE,
        in -> new Done(list(in, MAX_SIGNATURE_BYTES), evidence(in)));
  }

  /** A list of byte strings (one per document): {@code u8 count}, each u32 length + bytes. */
  public static byte[] list(List<byte[]> items) {
    ByteWriter out = new ByteWriter(64 * items.size());
    list(out, items);
    return out.toByteArray();
  }

  /** Reads {@link #list(List)} with exactly {@code expectedCount} items. */
  public static List<byte[]> parseList(byte[] bytes, PartyId sender, CeremonyPhase phase,
      int expectedCount) throws CeremonyException {
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
      throw new CeremonyException(ErrorCode.CEREMONY_MALFORMED_MESSAGE, phase,
          "message from " + sender + " does not decode: " + e.getMessage(), List.of(sender), e);
    }
  }

  private static void list(ByteWriter out, List<byte[]> items) {
    out.u8(items.size());
    items.forEach(out::lengthPrefixed);
  }

  private static List<byte[]> list(ByteReader in, int maxItemBytes) {
    int count = in.u8("count");
    if (count > MAX_DOCUMENTS) {
      throw new MalformedBytesException(count + " items, at most " + MAX_DOCUMENTS);
    }
    List<byte[]> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(in.lengthPrefixed(maxItemBytes, "item"));
    }
    return items;
  }

  public static byte[] abort(Abort abort) {
    ByteWriter out = header(TYPE_ABORT, 128);
    ascii(out, abort.codeName());
    out.u8(abort.culprits().size());
    abort.culprits().forEach(p -> out.u16(p.value()));
    ascii(out, abort.phaseName());
    byte[] text = abort.text().getBytes(StandardCharsets.UTF_8);
    if (text.length > MAX_ABORT_TEXT_BYTES) {
      text = java.util.Arrays.copyOf(text, MAX_ABORT_TEXT_BYTES);
    }
    out.lengthPrefixed(text);
    return out.toByteArray();
  }

  public static Abort parseAbort(byte[] payload, PartyId sender, CeremonyPhase phase)
      throws CeremonyException {
    return decode(payload, sender, phase, TYPE_ABORT, in -> {
      String code = ascii(in, "code");
      int count = in.u8("culprit count");
      List<PartyId> culprits = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int id = in.u16("culprit");
        if (id < 1) {
          throw new MalformedBytesException("culprit id 0");
        }
        culprits.add(PartyId.of(id));
      }
      String phaseName = ascii(in, "phase");
      byte[] text = in.lengthPrefixed(MAX_ABORT_TEXT_BYTES, "text");
      return new Abort(code, culprits, phaseName, new String(text, StandardCharsets.UTF_8));
    });
  }

  // ----------------------------------------------------------------------------- helpers

  @FunctionalInterface
  private interface Body<T> {
    T read(ByteReader in);
  }

  private static ByteWriter header(int type, int expectedSize) {
    return new ByteWriter(expectedSize).u8(VERSION).u8(type);
  }

  private static <T> T decode(byte[] payload, PartyId sender, CeremonyPhase phase, int type,
      Body<T> body) throws CeremonyException {
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
      throw new CeremonyException(ErrorCode.CEREMONY_MALFORMED_MESSAGE, phase,
          "message from " + sender + " does not decode: " + e.getMessage(), List.of(sender), e);
    }
  }

  private static int count(ByteReader in, int expected) {
    int count = in.u8("count");
    if (count != expected) {
      throw new MalformedBytesException("lists " + count + " documents, expected " + expected);
    }
    return count;
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
