package dev.mayfly.snp.evidence;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.StrictJsonReader;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.internal.EvidenceJson;
import java.util.ArrayList;
import java.util.List;

/**
 * What a party presents as proof of its TEE: the 1184 report bytes and the certificate chain
 * that endorses them, leaf first (VCEK or VLEK, then ASK or ASVK, then ARK; DER).
 *
 * <p>The chain may be shorter (the verifier fills in the embedded AMD intermediates and roots)
 * but simulated evidence always carries its whole chain, so it can be checked in another process.
 *
 * <p>Immutable; arrays are copied in and out. Not proof of anything until verified.
 *
 * @since 0.1.0
 */
public final class Evidence {
  /** The largest evidence JSON {@link #parseJson} reads, in characters: 1 Mi. */
  public static final int MAX_JSON_CHARS = 1 << 20;

  private final byte[] report;
  private final List<byte[]> chain;

  private Evidence(byte[] report, List<byte[]> chain) {
    this.report = report;
    this.chain = chain;
  }

  /**
   * Evidence from report bytes and a chain (leaf first, at most three certificates).
   *
   * @throws IllegalArgumentException if the chain holds more than three certificates
   */
  public static Evidence of(byte[] reportBytes, List<byte[]> certificateChainDer) {
    requireNonNull(reportBytes, "reportBytes");
    requireNonNull(certificateChainDer, "certificateChainDer");
    if (certificateChainDer.size() > 3) {
      throw new IllegalArgumentException("a chain has at most 3 certificates (leaf, ASK/ASVK, ARK)");
    }
    List<byte[]> copies = new ArrayList<>();
    for (byte[] der : certificateChainDer) {
      copies.add(requireNonNull(der, "certificate").clone());
    }
    return new Evidence(reportBytes.clone(), List.copyOf(copies));
  }

  /** The report bytes (a copy). */
  public byte[] reportBytes() {
    return report.clone();
  }

  /** The certificate chain, leaf first (copies). */
  public List<byte[]> certificateChain() {
    List<byte[]> out = new ArrayList<>();
    for (byte[] der : chain) {
      out.add(der.clone());
    }
    return List.copyOf(out);
  }

  /**
   * The JSON form: {@code {"report": BASE64, "certificates": [BASE64, ...]}} (standard base64,
   * leaf first).
   */
  public String toJson() {
    return EvidenceJson.toJsonObject(this).toString();
  }

  /**
   * Parses the JSON form of {@link #toJson()}, at most {@link #MAX_JSON_CHARS} characters, with
   * the shared strict reader (duplicate names, comments, trailing data refused).
   *
   * @throws AttestationException {@code SNP_CERT_MALFORMED} for malformed JSON or base64 (the
   *     report bytes themselves are checked by the verifier)
   */
  public static Evidence parseJson(String json) throws AttestationException {
    requireNonNull(json, "json");
    return EvidenceJson.fromJsonObject(StrictJsonReader.parseObject(json, MAX_JSON_CHARS, "evidence JSON",
        (message, cause) -> new AttestationException(ErrorCode.SNP_CERT_MALFORMED, message, cause)));
  }

  @Override
  public String toString() {
    return "Evidence[" + report.length + " report bytes, " + chain.size() + " certificates]";
  }
}
