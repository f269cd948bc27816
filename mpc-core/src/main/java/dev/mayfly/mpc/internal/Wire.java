package dev.mayfly.mpc.internal;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.PartyId;
import dev.mayfly.common.ProtocolException;
import dev.mayfly.mpc.ciphersuite.Ciphersuite;
import dev.mayfly.mpc.ciphersuite.GroupElement;
import dev.mayfly.mpc.ciphersuite.internal.SuiteMath;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The common layout of every mpc-core encoding: a five-byte header (format version, type,
 * ciphersuite id, sender as big-endian uint16) followed by fixed-length fields, with no trailing
 * bytes. Parsing errors name the sender once the header has been read.
 *
 * @since 0.1.0
 */
public final class Wire {
  /** The only format version. */
  public static final int VERSION = 1;

  /** DKG round 1 broadcast. */
  public static final int TYPE_DKG_COMMITMENT = 1;

  /** DKG round 2 point-to-point share. */
  public static final int TYPE_DKG_SHARE = 2;

  /** Signing round 1 commitments. */
  public static final int TYPE_SIGNING_COMMITMENTS = 3;

  /** Signing round 2 signature share. */
  public static final int TYPE_SIGNATURE_SHARE = 4;

  /** A public key package (not a message, same header). */
  public static final int TYPE_PUBLIC_KEY_PACKAGE = 5;

  /** Threshold ECDSA (DKLs23) DKG round 1 broadcast. */
  public static final int TYPE_ECDSA_DKG_COMMITMENT = 6;

  /** Threshold ECDSA (DKLs23) DKG round 2 point-to-point message. */
  public static final int TYPE_ECDSA_DKG_SHARE = 7;

  /** Threshold ECDSA (DKLs23) signing round 1 point-to-point message. */
  public static final int TYPE_ECDSA_SIGN_ROUND1 = 8;

  /** Threshold ECDSA (DKLs23) signing round 2 point-to-point message. */
  public static final int TYPE_ECDSA_SIGN_ROUND2 = 9;

  /** Threshold ECDSA (DKLs23) signing round 3 broadcast. */
  public static final int TYPE_ECDSA_SIGN_ROUND3 = 10;

  /** Protocol id of threshold ECDSA (DKLs23) on P-256 in the header's suite byte. */
  public static final int PROTOCOL_ECDSA_P256 = 3;

  /** Name of protocol id {@link #PROTOCOL_ECDSA_P256}. */
  public static final String PROTOCOL_ECDSA_P256_NAME = "DKLs23(P-256, SHA-256)";

  /** Header length in bytes. */
  public static final int HEADER_BYTES = 5;

  private Wire() {}

  /** Starts an encoding with the header. */
  public static ByteArrayOutputStream header(int type, Ciphersuite suite, int sender) {
    return header(type, suite.id(), sender);
  }

  /** Starts an encoding with the header of protocol (suite) id {@code protocolId}. */
  public static ByteArrayOutputStream header(int type, int protocolId, int sender) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(VERSION);
    out.write(type);
    out.write(protocolId);
    writeU16(out, sender);
    return out;
  }

  /** Writes a big-endian uint16. */
  public static void writeU16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  /** Writes bytes. */
  public static void write(ByteArrayOutputStream out, byte[] bytes) {
    out.write(bytes, 0, bytes.length);
  }

  /**
   * The message type in the header, read before full parsing to dispatch.
   *
   * @throws ProtocolException {@link ErrorCode#MPC_MALFORMED_MESSAGE} if there is no header
   */
  public static int peekType(byte[] bytes) throws ProtocolException {
    if (bytes.length < HEADER_BYTES) {
      throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE,
          "message is " + bytes.length + " bytes, shorter than the " + HEADER_BYTES + "-byte header");
    }
    return bytes[1] & 0xFF;
  }

  /**
   * The sender id in the header, read before full parsing (so a host can compare it with the
   * authenticated sender of the envelope that carried the message).
   *
   * @throws ProtocolException {@link ErrorCode#MPC_MALFORMED_MESSAGE} if there is no header or
   *     the sender id is 0
   */
  public static PartyId peekSender(byte[] bytes) throws ProtocolException {
    peekType(bytes);
    int sender = ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
    if (sender == 0) {
      throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE, "message names sender 0");
    }
    return PartyId.of(sender);
  }

  /** A cursor over one encoding that names the sender in every error. */
  public static final class Reader {
    private final byte[] bytes;
    private final SuiteMath math;
    private final String what;
    private int pos;
    private @Nullable PartyId sender;

    /**
     * Reads and checks the header.
     *
     * @throws ProtocolException on a short input, unknown version, other type or other suite
     */
    public Reader(byte[] bytes, Ciphersuite suite, int expectedType, String what)
        throws ProtocolException {
      this(bytes, suite, suite.id(), suite.name(), expectedType, what);
    }

    /**
     * Reads and checks the header of a protocol whose header id ({@code protocolId}) differs from
     * the id of the suite whose elements and scalars it carries (threshold ECDSA on P-256).
     *
     * @throws ProtocolException on a short input, unknown version, other type or other protocol
     */
    public Reader(byte[] bytes, Ciphersuite suite, int protocolId, String protocolName,
        int expectedType, String what) throws ProtocolException {
      this.bytes = bytes;
      this.math = SuiteMath.of(suite);
      this.what = what;
      if (bytes.length < HEADER_BYTES) {
        throw new ProtocolException(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " is " + bytes.length + " bytes, shorter than its header");
      }
      int senderValue = ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
      this.sender = senderValue == 0 ? null : PartyId.of(senderValue);
      if ((sender == null) != (expectedType == TYPE_PUBLIC_KEY_PACKAGE)) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + (sender == null ? " names sender 0" : " must not name a sender"));
      }
      if ((bytes[0] & 0xFF) != VERSION) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " has format version " + (bytes[0] & 0xFF) + ", expected " + VERSION);
      }
      if ((bytes[2] & 0xFF) != protocolId) {
        throw fail(ErrorCode.MPC_WRONG_CIPHERSUITE,
            what + " is for ciphersuite id " + (bytes[2] & 0xFF) + ", expected " + protocolId
                + " (" + protocolName + ")");
      }
      if ((bytes[1] & 0xFF) != expectedType) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " has type " + (bytes[1] & 0xFF) + ", expected " + expectedType);
      }
      pos = HEADER_BYTES;
    }

    /** The sender named in the header. */
    public PartyId sender() {
      if (sender == null) {
        throw new IllegalStateException(what + " has no sender");
      }
      return sender;
    }

    /** An exception of {@code code} blaming the sender. */
    public ProtocolException fail(ErrorCode code, String message) {
      return sender == null
          ? new ProtocolException(code, message)
          : new ProtocolException(code, message, List.of(sender));
    }

    private void need(int n) throws ProtocolException {
      if (bytes.length - pos < n) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " ends at byte " + bytes.length + ", needs " + (pos + n));
      }
    }

    /** Reads a big-endian uint16. */
    public int readU16() throws ProtocolException {
      need(2);
      int v = ((bytes[pos] & 0xFF) << 8) | (bytes[pos + 1] & 0xFF);
      pos += 2;
      return v;
    }

    /** Reads {@code n} raw bytes into a fresh array (the caller wipes it if secret). */
    public byte[] readBytes(int n, String field) throws ProtocolException {
      if (bytes.length - pos < n) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " field " + field + " ends at byte " + bytes.length + ", needs " + (pos + n));
      }
      byte[] out = Arrays.copyOfRange(bytes, pos, pos + n);
      pos += n;
      return out;
    }

    /** Reads a party id (uint16, non-zero). */
    public PartyId readPartyId(String field) throws ProtocolException {
      int v = readU16();
      if (v == 0) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE, what + " field " + field + " is party 0");
      }
      return PartyId.of(v);
    }

    /** Reads and strictly decodes a group element. */
    public GroupElement readElement(String field) throws ProtocolException {
      need(math.elementLength());
      GroupElement e = math.decode(bytes, pos);
      if (e == null) {
        throw fail(ErrorCode.MPC_INVALID_ELEMENT, what + " field " + field
            + " is not a canonical encoding of a non-identity prime-order group element");
      }
      pos += math.elementLength();
      return e;
    }

    /** Reads a canonical scalar; the caller owns (and must wipe, if secret) the result. */
    public int[] readScalar(String field) throws ProtocolException {
      need(math.scalarLength());
      int[] k = math.decodeScalar(bytes, pos);
      if (k == null) {
        throw fail(ErrorCode.MPC_INVALID_SCALAR,
            what + " field " + field + " is not a canonical scalar below the group order");
      }
      pos += math.scalarLength();
      return k;
    }

    /**
     * Reads {@code count} consecutive canonical scalars and returns their raw encodings (the
     * caller wipes them if secret).
     */
    public byte[] readScalars(int count, String field) throws ProtocolException {
      byte[] raw = readBytes(count * math.scalarLength(), field);
      for (int i = 0; i < count; i++) {
        if (!math.scalars().isCanonical(raw, i * math.scalarLength())) {
          Arrays.fill(raw, (byte) 0);
          throw fail(ErrorCode.MPC_INVALID_SCALAR, what + " field " + field + " entry " + i
              + " is not a canonical scalar below the group order");
        }
      }
      return raw;
    }

    /** Checks that every byte was read. */
    public void finish() throws ProtocolException {
      if (pos != bytes.length) {
        throw fail(ErrorCode.MPC_MALFORMED_MESSAGE,
            what + " has " + (bytes.length - pos) + " trailing bytes");
      }
    }
  }
}
