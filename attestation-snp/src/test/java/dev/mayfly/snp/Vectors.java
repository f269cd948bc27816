package dev.mayfly.snp;

import dev.mayfly.snp.verify.CertificateEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** The real AMD vectors of {@code vectors/snp/SOURCES.md}, read from test resources. */
public final class Vectors {
  /** The one time at which every vector's chain is valid. */
  public static final Instant AT = Instant.parse("2025-09-01T00:00:00Z");
  /** A clock fixed at {@link #AT}. */
  public static final Clock CLOCK = Clock.fixed(AT, ZoneOffset.UTC);

  /** A report with its endorsement key (VCEK or VLEK), as listed in SOURCES.md. */
  public record Pair(String id, String reportPath, String leafPath) {
    public byte[] report() {
      return bytes(reportPath);
    }

    public byte[] leaf() {
      return certs(leafPath).get(0);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  public static final Pair P1 = new Pair("P1", "go-sev-guest/testdata/attestation.bin",
      "go-sev-guest/testdata/vcek.testcer");
  public static final Pair P2 = new Pair("P2", "derived/virtee-sev-report_milan.bin",
      "virtee-sev/tests/vcek_milan.der");
  public static final Pair P3 = new Pair("P3", "trustee/snp/test-report.bin",
      "trustee/snp/test-vcek.der");
  public static final Pair P4 = new Pair("P4", "trustee/snp/test-vlek-report.bin",
      "trustee/snp/test-vlek.der");
  public static final Pair P5 = new Pair("P5", "derived/trustee-az-milan-hcl-snp-report.bin",
      "trustee/az-snp-vtpm/vcek.pem");
  public static final Pair P6 = new Pair("P6", "derived/trustee-az-genoa-snp-report.bin",
      "trustee/az-snp-vtpm/vcek-genoa.pem");
  public static final Pair P7 = new Pair("P7", "routex-client-lua/report-turin.bin",
      "routex-client-lua/vcek-chain-turin.pem");

  /** All seven pairs. */
  public static List<Pair> all() {
    return List.of(P1, P2, P3, P4, P5, P6, P7);
  }

  private Vectors() {}

  /** The bytes of {@code vectors/snp/<path>}. */
  public static byte[] bytes(String path) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/snp/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource vectors/snp/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The DER certificates in a PEM or DER vector file. */
  public static List<byte[]> certs(String path) {
    try {
      return CertificateEncoding.decodeAll(bytes(path));
    } catch (AttestationException e) {
      throw new IllegalStateException(e);
    }
  }
}
