package dev.mayfly.snp.verify;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads certificates as AMD and cloud providers ship them: one DER certificate, or a PEM file
 * with one or more {@code CERTIFICATE} blocks (as KDS {@code cert_chain} answers).
 *
 * @since 0.1.0
 */
public final class CertificateEncoding {
  private CertificateEncoding() {}

  /**
   * The DER certificates in {@code pemOrDer}, in file order.
   *
   * @throws AttestationException {@code SNP_CERT_MALFORMED} when the bytes are neither DER
   *     (starting with a SEQUENCE) nor PEM with at least one certificate
   */
  public static List<byte[]> decodeAll(byte[] pemOrDer) throws AttestationException {
    requireNonNull(pemOrDer, "pemOrDer");
    if (pemOrDer.length > 0 && pemOrDer[0] == 0x30) {
      return List.of(pemOrDer.clone());
    }
    List<byte[]> certs = new ArrayList<>();
    String text = new String(pemOrDer, StandardCharsets.US_ASCII);
    try (PemReader reader = new PemReader(new StringReader(text))) {
      for (PemObject object = reader.readPemObject(); object != null;
          object = reader.readPemObject()) {
        if ("CERTIFICATE".equals(object.getType())) {
          certs.add(object.getContent());
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED, "PEM is malformed", e);
    }
    if (certs.isEmpty()) {
      throw new AttestationException(ErrorCode.SNP_CERT_MALFORMED,
          "no DER certificate and no PEM CERTIFICATE block found");
    }
    return List.copyOf(certs);
  }
}
