package dev.mayfly.transport.grpc.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.bytes.ByteReader;
import dev.mayfly.common.bytes.ByteWriter;
import dev.mayfly.common.bytes.MalformedBytesException;
import dev.mayfly.snp.evidence.Evidence;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of SEV-SNP evidence inside the TLS certificate's evidence extension, version 1
 * (all integers big-endian):
 *
 * <pre>
 * u8   version = 1
 * u32  report length (1..4096), then the report bytes
 * u8   certificate count (0..3)
 * per certificate: u32 length (1..16384), then the DER (leaf first: VCEK or VLEK, ASK or ASVK, ARK)
 * </pre>
 *
 * <p>{@link #decode} is strict: known version, every length in range, no trailing bytes. It
 * checks the form only; the report and the chain are checked by the SNP verifier.
 */
public final class EvidenceCodec {
  /** The only version this code writes and reads. */
  public static final int VERSION = 1;

  /** The largest report accepted (an SEV-SNP report is 1184 bytes). */
  public static final int MAX_REPORT_BYTES = 4096;

  /** The largest certificate accepted. */
  public static final int MAX_CERTIFICATE_BYTES = 16384;

  /** The most certificates in a chain. */
  public static final int MAX_CERTIFICATES = 3;

  private EvidenceCodec() {}

  /** Encodes {@code evidence}. */
  public static byte[] encode(Evidence evidence) {
    requireNonNull(evidence, "evidence");
    byte[] report = evidence.reportBytes();
    List<byte[]> chain = evidence.certificateChain();
    ByteWriter out = new ByteWriter(report.length + 8 + chain.size() * 2048);
    out.u8(VERSION).lengthPrefixed(report).u8(chain.size());
    chain.forEach(out::lengthPrefixed);
    return out.toByteArray();
  }

  /**
   * Decodes bytes received from a peer.
   *
   * @throws MalformedBytesException naming the field that is out of range
   */
  public static Evidence decode(byte[] encoded) {
    requireNonNull(encoded, "encoded");
    ByteReader in = new ByteReader(encoded);
    int version = in.u8("evidence version");
    if (version != VERSION) {
      throw new MalformedBytesException(
          "evidence version is " + version + ", expected " + VERSION);
    }
    byte[] report = nonEmpty(in.lengthPrefixed(MAX_REPORT_BYTES, "report"), "report");
    int count = in.u8("certificate count");
    if (count > MAX_CERTIFICATES) {
      throw new MalformedBytesException(
          "certificate count is " + count + ", at most " + MAX_CERTIFICATES);
    }
    List<byte[]> chain = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chain.add(nonEmpty(in.lengthPrefixed(MAX_CERTIFICATE_BYTES, "certificate " + i),
          "certificate " + i));
    }
    in.expectEnd("the last certificate");
    return Evidence.of(report, chain);
  }

  private static byte[] nonEmpty(byte[] value, String field) {
    if (value.length == 0) {
      throw new MalformedBytesException(field + " is empty");
    }
    return value;
  }
}
