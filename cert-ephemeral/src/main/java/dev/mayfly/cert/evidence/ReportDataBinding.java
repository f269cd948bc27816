package dev.mayfly.cert.evidence;

import static java.util.Objects.requireNonNull;

import dev.mayfly.cert.internal.Crypto;
import dev.mayfly.common.PartyId;
import java.nio.charset.StandardCharsets;

/**
 * The 64-byte REPORT_DATA values of DESIGN.md section 4, in one place for the ceremony (which puts
 * them into reports) and the verifier (which checks them). All fields have fixed lengths, so the
 * concatenation is unambiguous.
 *
 * @since 0.1.0
 */
public final class ReportDataBinding {
  /** Length of REPORT_DATA (SEV-SNP ABI, ATTESTATION_REPORT offset 0x50): 64 bytes. */
  public static final int REPORT_DATA_LENGTH_BYTES = 64;

  private static final byte[] PARTY = "mayfly/v1/party".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DESTROYED = "mayfly/v1/destroyed".getBytes(StandardCharsets.US_ASCII);

  private ReportDataBinding() {}

  /**
   * {@code SHA-512("mayfly/v1/party" || sessionId(32) || partyId(2, big-endian) ||
   * identityPublicKey(32, Ed25519) || hpkePublicKey(32, X25519) || teePolicyHash(32))}: the report
   * of a party vouches for the session keys that sign and receive its messages.
   *
   * @throws IllegalArgumentException when a field has the wrong length
   */
  public static byte[] party(byte[] sessionId, PartyId partyId, byte[] identityPublicKey,
      byte[] hpkePublicKey, byte[] teePolicyHash) {
    check(sessionId, "sessionId");
    requireNonNull(partyId, "partyId");
    check(identityPublicKey, "identityPublicKey");
    check(hpkePublicKey, "hpkePublicKey");
    check(teePolicyHash, "teePolicyHash");
    return Crypto.sha512(PARTY, sessionId, partyBytes(partyId), identityPublicKey, hpkePublicKey,
        teePolicyHash);
  }

  /**
   * {@code SHA-512("mayfly/v1/destroyed" || sessionId(32) || partyId(2, big-endian) ||
   * transcriptHash(32))}: the destruction receipt of a party, bound to the session transcript.
   *
   * @throws IllegalArgumentException when a field has the wrong length
   */
  public static byte[] destroyed(byte[] sessionId, PartyId partyId, byte[] transcriptHash) {
    check(sessionId, "sessionId");
    requireNonNull(partyId, "partyId");
    check(transcriptHash, "transcriptHash");
    return Crypto.sha512(DESTROYED, sessionId, partyBytes(partyId), transcriptHash);
  }

  private static byte[] partyBytes(PartyId partyId) {
    return new byte[] {(byte) (partyId.value() >>> 8), (byte) partyId.value()};
  }

  private static void check(byte[] value, String name) {
    requireNonNull(value, name);
    if (value.length != 32) {
      throw new IllegalArgumentException(name + " must be 32 bytes, got " + value.length);
    }
  }
}
