package dev.mayfly.snp.evidence;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.internal.Hex;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.internal.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;

/**
 * Evidence from a real SEV-SNP guest through the Linux configfs-tsm interface
 * ({@code /sys/kernel/config/tsm/report}, Documentation/ABI/testing/configfs-tsm).
 *
 * <p>Per request: create an entry directory, check {@code provider} is {@code sev_guest}, read
 * {@code generation}, write the 64-byte REPORT_DATA to {@code inblob}, read {@code outblob} (the
 * report) and {@code auxblob} (the GHCB certificate table, possibly empty), read {@code
 * generation} again and remove the entry. If another writer touched the entry in between (the
 * generation moved by more than our one write) the result is refused with the retryable {@code
 * SNP_EVIDENCE_GENERATION_CONFLICT}. The report must parse and carry the requested REPORT_DATA.
 *
 * <p>The chain is whatever the host put in the certificate table; when it is empty the verifier
 * uses the embedded AMD roots and needs the VCEK from elsewhere.
 *
 * <p>Thread-safe: every call uses its own entry directory.
 *
 * @since 0.1.0
 */
public final class ConfigfsTsmProvider implements EvidenceProvider {
  /** Where Linux mounts the configfs-tsm report interface. */
  public static final Path DEFAULT_ROOT = Path.of("/sys/kernel/config/tsm/report");
  private static final System.Logger LOG = System.getLogger(ConfigfsTsmProvider.class.getName());

  private final Path root;
  private final TsmIo io;
  private final SecureRandom random = new SecureRandom();

  ConfigfsTsmProvider(Path root, TsmIo io) {
    this.root = requireNonNull(root, "root");
    this.io = requireNonNull(io, "io");
  }

  /** A provider on {@link #DEFAULT_ROOT}. */
  public static ConfigfsTsmProvider create() {
    return create(DEFAULT_ROOT);
  }

  /** A provider on another configfs-tsm report directory. */
  public static ConfigfsTsmProvider create(Path reportRoot) {
    return new ConfigfsTsmProvider(reportRoot, TsmIo.NIO);
  }

  /** Whether the report directory exists (the kernel has configfs-tsm). Does not throw. */
  public boolean isAvailable() {
    return io.isDirectory(root);
  }

  @Override
  public Evidence getEvidence(byte[] reportData) throws AttestationException {
    Bytes.requireLength(reportData, 64, "REPORT_DATA");
    if (!isAvailable()) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_UNAVAILABLE,
          "no configfs-tsm report directory at " + root);
    }
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    Path entry = root.resolve("mayfly-" + Hex.encode(nonce));
    try {
      io.mkdir(entry);
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_IO, "cannot create " + entry, e);
    }
    try {
      return request(entry, reportData);
    } finally {
      try {
        io.rmdir(entry);
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "could not remove configfs-tsm entry " + entry, e);
      }
    }
  }

  private Evidence request(Path entry, byte[] reportData) throws AttestationException {
    byte[] report;
    byte[] aux;
    try {
      String provider = text(entry.resolve("provider"));
      if (!provider.equals("sev_guest")) {
        throw new AttestationException(ErrorCode.SNP_EVIDENCE_UNAVAILABLE,
            "configfs-tsm provider is '" + provider + "', expected sev_guest");
      }
      long before = generation(entry);
      io.write(entry.resolve("inblob"), reportData);
      report = io.read(entry.resolve("outblob"));
      aux = io.read(entry.resolve("auxblob"));
      long after = generation(entry);
      if (after != before + 1) {
        throw new AttestationException(ErrorCode.SNP_EVIDENCE_GENERATION_CONFLICT,
            "generation went from " + before + " to " + after
                + " across one write: another writer used the entry");
      }
    } catch (IOException e) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_IO,
          "configfs-tsm I/O failed under " + entry, e);
    }
    AttestationReport parsed = AttestationReport.parse(report);
    if (!MessageDigest.isEqual(parsed.reportData(), reportData)) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_MISMATCH,
          "outblob REPORT_DATA differs from the inblob that was written");
    }
    List<byte[]> chain = CertificateTable.parse(aux).chain();
    return Evidence.of(report, chain);
  }

  private String text(Path file) throws IOException {
    return new String(io.read(file), StandardCharsets.US_ASCII).strip();
  }

  private long generation(Path entry) throws IOException, AttestationException {
    String value = text(entry.resolve("generation"));
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new AttestationException(ErrorCode.SNP_EVIDENCE_IO,
          "configfs-tsm generation is not a number: '" + value + "'", e);
    }
  }

  @Override
  public String toString() {
    return "ConfigfsTsmProvider[" + root + "]";
  }
}
