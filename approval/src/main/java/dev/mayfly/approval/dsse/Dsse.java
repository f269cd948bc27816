package dev.mayfly.approval.dsse;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * DSSE v1 protocol helpers.
 *
 * @since 0.1.0
 */
public final class Dsse {
  private Dsse() {}

  /**
   * The pre-authentication encoding every DSSE signature covers (DSSE {@code protocol.md},
   * "Signature Definition"): {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where
   * {@code type} is the UTF-8 of {@code payloadType}, {@code SP} one space and {@code LEN} the
   * byte length in ASCII decimal without leading zeros.
   *
   * <p><b>Security:</b> signing the PAE rather than the payload binds the payload type, so a
   * signature over one kind of document cannot be passed off as another.
   */
  public static byte[] preAuthEncoding(String payloadType, byte[] payload) {
    requireNonNull(payloadType, "payloadType");
    requireNonNull(payload, "payload");
    byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 + type.length + payload.length);
    out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(type);
    out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
