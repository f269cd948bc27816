package dev.mayfly.snp.evidence;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.internal.Bytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The GHCB certificate table that comes with an extended guest report (GHCB specification,
 * "SNP Extended Guest Request", struct cert_table), as Linux exposes it in configfs-tsm {@code
 * auxblob}.
 *
 * <p>Layout: entries of 24 bytes (a 16-byte GUID in RFC 4122 byte order, a 32-bit little-endian
 * offset from the start of the table and a 32-bit little-endian length) ending with an all-zero
 * entry, followed by the certificates. Known GUIDs: {@link #VCEK}, {@link #VLEK}, {@link #ASK},
 * {@link #ARK}.
 *
 * <p>{@link #parse} refuses a missing terminator, a non-zero GUID-less entry, offsets inside the
 * table or past the end, empty entries and duplicate GUIDs. Immutable.
 *
 * @since 0.1.0
 */
public final class CertificateTable {
  /** GUID of the VCEK entry. */
  public static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
  /** GUID of the VLEK entry. */
  public static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
  /** GUID of the ASK entry (the ASVK when the leaf is a VLEK). */
  public static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
  /** GUID of the ARK entry. */
  public static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

  private static final int ENTRY_BYTES = 24;
  private static final UUID ZERO = new UUID(0, 0);

  private final Map<UUID, byte[]> entries;

  private CertificateTable(Map<UUID, byte[]> entries) {
    this.entries = entries;
  }

  /** A table holding {@code entries} (GUID to DER), in iteration order. */
  public static CertificateTable of(Map<UUID, byte[]> entries) {
    requireNonNull(entries, "entries");
    Map<UUID, byte[]> copy = new LinkedHashMap<>();
    entries.forEach((guid, der) -> {
      if (ZERO.equals(guid) || der.length == 0) {
        throw new IllegalArgumentException("entries need a non-zero GUID and content");
      }
      copy.put(guid, der.clone());
    });
    return new CertificateTable(copy);
  }

  /**
   * Parses an auxblob; an empty blob is an empty table.
   *
   * @throws AttestationException {@code SNP_CERT_TABLE_MALFORMED}
   */
  public static CertificateTable parse(byte[] blob) throws AttestationException {
    requireNonNull(blob, "blob");
    Map<UUID, byte[]> entries = new LinkedHashMap<>();
    if (blob.length == 0) {
      return new CertificateTable(entries);
    }
    List<long[]> ranges = new ArrayList<>();
    List<UUID> guids = new ArrayList<>();
    int position = 0;
    while (true) {
      if (position + ENTRY_BYTES > blob.length) {
        throw malformed("no all-zero terminator entry within " + blob.length + " bytes");
      }
      ByteBuffer guidBytes = ByteBuffer.wrap(blob, position, 16);
      UUID guid = new UUID(guidBytes.getLong(), guidBytes.getLong());
      long offset = Bytes.u32(blob, position + 16);
      long length = Bytes.u32(blob, position + 20);
      position += ENTRY_BYTES;
      if (ZERO.equals(guid)) {
        if (offset != 0 || length != 0) {
          throw malformed("entry without GUID has offset " + offset + " and length " + length);
        }
        break;
      }
      if (guids.contains(guid)) {
        throw malformed("GUID " + guid + " appears twice");
      }
      guids.add(guid);
      ranges.add(new long[] {offset, length});
    }
    for (int i = 0; i < guids.size(); i++) {
      long offset = ranges.get(i)[0];
      long length = ranges.get(i)[1];
      if (length == 0 || offset < position || offset + length > blob.length) {
        throw malformed("entry " + guids.get(i) + " (offset " + offset + ", length " + length
            + ") lies outside the certificate area " + position + ".." + blob.length);
      }
      entries.put(guids.get(i), Bytes.slice(blob, (int) offset, (int) length));
    }
    return new CertificateTable(entries);
  }

  private static AttestationException malformed(String message) {
    return new AttestationException(ErrorCode.SNP_CERT_TABLE_MALFORMED, message);
  }

  /** The table bytes: entries, terminator, then the certificates in entry order. */
  public byte[] toBytes() {
    int tableBytes = (entries.size() + 1) * ENTRY_BYTES;
    int total = tableBytes + entries.values().stream().mapToInt(d -> d.length).sum();
    ByteBuffer out = ByteBuffer.allocate(total);
    int offset = tableBytes;
    byte[] le = new byte[8];
    for (Map.Entry<UUID, byte[]> e : entries.entrySet()) {
      out.putLong(e.getKey().getMostSignificantBits()).putLong(e.getKey().getLeastSignificantBits());
      Bytes.putU32(le, 0, offset);
      Bytes.putU32(le, 4, e.getValue().length);
      out.put(le);
      offset += e.getValue().length;
    }
    out.put(new byte[ENTRY_BYTES]);
    entries.values().forEach(out::put);
    return out.array();
  }

  /** The entry for {@code guid} (a copy). */
  public Optional<byte[]> get(UUID guid) {
    return Optional.ofNullable(entries.get(requireNonNull(guid, "guid"))).map(byte[]::clone);
  }

  /** The GUIDs in table order. */
  public List<UUID> guids() {
    return List.copyOf(entries.keySet());
  }

  /**
   * The endorsement chain leaf first, as {@code SnpVerifier} takes it: the VCEK (or VLEK), then
   * ASK and ARK when present. Empty when there is no leaf.
   */
  public List<byte[]> chain() {
    List<byte[]> chain = new ArrayList<>();
    Optional<byte[]> leaf = get(VCEK).or(() -> get(VLEK));
    if (leaf.isEmpty()) {
      return List.of();
    }
    chain.add(leaf.get());
    Optional<byte[]> ask = get(ASK);
    if (ask.isPresent()) {
      chain.add(ask.get());
      get(ARK).ifPresent(chain::add);
    }
    return List.copyOf(chain);
  }

  @Override
  public String toString() {
    return "CertificateTable" + entries.keySet();
  }
}
