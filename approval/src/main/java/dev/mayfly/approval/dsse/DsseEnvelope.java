package dev.mayfly.approval.dsse;

import static java.util.Objects.requireNonNull;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.mayfly.approval.ApprovalException;
import dev.mayfly.approval.internal.Encodings;
import dev.mayfly.approval.internal.StrictJson;
import dev.mayfly.common.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A DSSE JSON envelope (DSSE {@code envelope.md}): payload bytes, payload type and signatures over
 * their {@link Dsse#preAuthEncoding pre-authentication encoding}. Immutable; bytes are copied in
 * and out.
 *
 * <p>An envelope without signatures can be built (to compute {@link #preAuthEncoding()} before
 * signing), but {@link #parseJson} refuses one, as {@code envelope.proto} requires at least one.
 *
 * @since 0.1.0
 */
public final class DsseEnvelope {
  /** The largest envelope JSON {@link #parseJson} reads: 1 MiB. */
  public static final int MAX_JSON_BYTES = 1 << 20;

  /** The most signatures {@link #parseJson} reads in one envelope. */
  public static final int MAX_SIGNATURES = 64;

  private static final String WHAT = "DSSE envelope";

  private final String payloadType;
  private final byte[] payload;
  private final List<DsseSignature> signatures;

  private DsseEnvelope(String payloadType, byte[] payload, List<DsseSignature> signatures) {
    this.payloadType = payloadType;
    this.payload = payload;
    this.signatures = signatures;
  }

  /** An envelope of {@code payload} with type {@code payloadType} and these signatures. */
  public static DsseEnvelope of(String payloadType, byte[] payload, List<DsseSignature> signatures) {
    requireNonNull(payloadType, "payloadType");
    requireNonNull(payload, "payload");
    requireNonNull(signatures, "signatures");
    return new DsseEnvelope(payloadType, payload.clone(), List.copyOf(signatures));
  }

  /** This envelope with {@code signature} appended. */
  public DsseEnvelope withSignature(DsseSignature signature) {
    requireNonNull(signature, "signature");
    List<DsseSignature> all = new ArrayList<>(signatures);
    all.add(signature);
    return new DsseEnvelope(payloadType, payload, List.copyOf(all));
  }

  /** The payload type, e.g. {@code application/vnd.in-toto+json}. */
  public String payloadType() {
    return payloadType;
  }

  /** A copy of the payload bytes (the decoded {@code payload} field). */
  public byte[] payload() {
    return payload.clone();
  }

  /** The signatures, in envelope order. */
  public List<DsseSignature> signatures() {
    return signatures;
  }

  /** {@link Dsse#preAuthEncoding(String, byte[])} of this envelope's type and payload. */
  public byte[] preAuthEncoding() {
    return Dsse.preAuthEncoding(payloadType, payload);
  }

  /**
   * The JSON envelope: {@code {"payload": base64, "payloadType": ..., "signatures": [{"keyid":
   * ..., "sig": base64}]}}, in that member order, standard padded base64 (RFC 4648 §4), and
   * {@code keyid} always present.
   */
  JsonObject toJsonTree() {
    JsonObject o = new JsonObject();
    o.addProperty("payload", Encodings.encodeBase64(payload));
    o.addProperty("payloadType", payloadType);
    JsonArray sigs = new JsonArray();
    for (DsseSignature s : signatures) {
      JsonObject so = new JsonObject();
      so.addProperty("keyid", s.keyId());
      so.addProperty("sig", Encodings.encodeBase64(s.signature()));
      sigs.add(so);
    }
    o.add("signatures", sigs);
    return o;
  }

  /** {@link #toJsonTree()} as compact UTF-8 JSON; the same envelope always gives the same bytes. */
  public byte[] toJsonBytes() {
    return StrictJson.toBytes(toJsonTree());
  }

  /**
   * Parses a JSON envelope strictly: one JSON object in UTF-8 of at most {@link #MAX_JSON_BYTES},
   * members exactly {@code payload}, {@code payloadType} and {@code signatures} (1 to
   * {@link #MAX_SIGNATURES} objects of {@code sig} and optional {@code keyid}), no duplicate
   * names, base64 in either alphabet (DSSE {@code protocol.md}) but canonical, signatures not
   * empty. The payload type is not checked here; verifiers check it.
   *
   * @throws ApprovalException {@link ErrorCode#APPROVAL_MALFORMED} for anything else
   */
  public static DsseEnvelope parseJson(byte[] json) throws ApprovalException {
    requireNonNull(json, "json");
    JsonObject o = StrictJson.parseObject(json, MAX_JSON_BYTES, WHAT);
    StrictJson.requireMembers(o, WHAT, Set.of("payload", "payloadType", "signatures"), Set.of());
    byte[] payload = Encodings.decodeBase64(StrictJson.string(o, "payload", WHAT), WHAT + " payload");
    String payloadType = StrictJson.string(o, "payloadType", WHAT);
    JsonArray array = StrictJson.array(o, "signatures", WHAT);
    if (array.isEmpty() || array.size() > MAX_SIGNATURES) {
      throw StrictJson.malformed(
          WHAT + " has " + array.size() + " signatures, 1 to " + MAX_SIGNATURES + " allowed");
    }
    List<DsseSignature> signatures = new ArrayList<>();
    for (JsonElement e : array) {
      String what = WHAT + " signature " + signatures.size();
      JsonObject so = StrictJson.asObject(e, what);
      StrictJson.requireMembers(so, what, Set.of("sig"), Set.of("keyid"));
      String keyId = so.has("keyid") ? StrictJson.string(so, "keyid", what) : "";
      byte[] sig = Encodings.decodeBase64(StrictJson.string(so, "sig", what), what);
      if (sig.length == 0) {
        throw StrictJson.malformed(what + " is empty");
      }
      signatures.add(DsseSignature.of(keyId, sig));
    }
    return new DsseEnvelope(payloadType, payload, List.copyOf(signatures));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DsseEnvelope other
        && payloadType.equals(other.payloadType)
        && Arrays.equals(payload, other.payload)
        && signatures.equals(other.signatures);
  }

  @Override
  public int hashCode() {
    return (31 * payloadType.hashCode() + Arrays.hashCode(payload)) * 31 + signatures.hashCode();
  }

  @Override
  public String toString() {
    return "DsseEnvelope[" + payloadType + ", " + payload.length + " payload bytes, "
        + signatures.size() + " signatures]";
  }
}
