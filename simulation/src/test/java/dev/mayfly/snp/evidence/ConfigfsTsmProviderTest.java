package dev.mayfly.snp.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.simulation.snp.SimulatedEvidenceProvider;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.Simulated;
import dev.mayfly.snp.Vectors;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the provider against a fake configfs-tsm: a real directory tree whose entries behave like
 * the kernel's (mkdir creates the attribute files, writing inblob bumps generation, reading
 * outblob produces a report for the last inblob from a simulated chip).
 */
class ConfigfsTsmProviderTest {
  @TempDir
  Path root;

  /** The fake kernel. */
  final class FakeKernel implements TsmIo {
    String provider = "sev_guest";
    boolean concurrentWriter;
    boolean wrongReportData;
    boolean failWrites;

    @Override
    public boolean isDirectory(Path dir) {
      return TsmIo.NIO.isDirectory(dir);
    }

    @Override
    public void mkdir(Path dir) throws IOException {
      Files.createDirectory(dir);
      Files.writeString(dir.resolve("provider"), provider + "\n");
      Files.writeString(dir.resolve("generation"), "0\n");
      Files.write(dir.resolve("inblob"), new byte[0]);
    }

    @Override
    public void rmdir(Path dir) throws IOException {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }

    @Override
    public void write(Path file, byte[] data) throws IOException {
      if (failWrites) {
        throw new IOException("EBUSY");
      }
      Files.write(file, data);
      bump(file.getParent());
    }

    private void bump(Path entry) throws IOException {
      long g = Long.parseLong(Files.readString(entry.resolve("generation")).strip());
      Files.writeString(entry.resolve("generation"), (g + 1) + "\n");
    }

    @Override
    public byte[] read(Path file) throws IOException {
      Path entry = file.getParent();
      String name = file.getFileName().toString();
      if (name.equals("outblob")) {
        byte[] reportData = Files.readAllBytes(entry.resolve("inblob"));
        if (wrongReportData) {
          reportData = new byte[64];
        }
        Evidence e = SimulatedEvidenceProvider.builder(Simulated.chip()).build()
            .getEvidence(reportData);
        List<byte[]> chain = e.certificateChain();
        Map<UUID, byte[]> table = new LinkedHashMap<>();
        table.put(CertificateTable.VCEK, chain.get(0));
        table.put(CertificateTable.ASK, chain.get(1));
        table.put(CertificateTable.ARK, chain.get(2));
        Files.write(entry.resolve("outblob"), e.reportBytes());
        Files.write(entry.resolve("auxblob"), CertificateTable.of(table).toBytes());
        if (concurrentWriter) {
          bump(entry);
        }
      }
      return TsmIo.NIO.read(file);
    }
  }

  private static byte[] reportData() {
    byte[] data = new byte[64];
    data[63] = 9;
    return data;
  }

  @Test
  void getEvidence_fakeKernel_returnsVerifiableSimulatedEvidenceAndCleansUp() throws Exception {
    ConfigfsTsmProvider provider = new ConfigfsTsmProvider(root, new FakeKernel());

    Evidence evidence = provider.getEvidence(reportData());

    var verified = SnpVerifier.create(SnpVerifyOptions.builder().clock(Vectors.CLOCK)
        .allowSimulatedEvidenceInsecure().build()).verify(evidence);
    assertArrayEquals(reportData(), verified.reportData());
    try (var left = Files.list(root)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void getEvidence_noConfigfs_throwsUnavailable() {
    ConfigfsTsmProvider provider = ConfigfsTsmProvider.create(root.resolve("absent"));
    assertFalse(provider.isAvailable());
    assertCode(ErrorCode.SNP_EVIDENCE_UNAVAILABLE, provider);
  }

  @Test
  void getEvidence_otherTsmProvider_throwsUnavailable() {
    FakeKernel kernel = new FakeKernel();
    kernel.provider = "tdx_guest";
    assertCode(ErrorCode.SNP_EVIDENCE_UNAVAILABLE, new ConfigfsTsmProvider(root, kernel));
  }

  @Test
  void getEvidence_concurrentWriter_throwsGenerationConflict() {
    FakeKernel kernel = new FakeKernel();
    kernel.concurrentWriter = true;
    AttestationException e = assertCode(ErrorCode.SNP_EVIDENCE_GENERATION_CONFLICT,
        new ConfigfsTsmProvider(root, kernel));
    assertTrue(e.isRetryable());
  }

  @Test
  void getEvidence_reportForOtherData_throwsEvidenceMismatch() {
    FakeKernel kernel = new FakeKernel();
    kernel.wrongReportData = true;
    assertCode(ErrorCode.SNP_EVIDENCE_MISMATCH, new ConfigfsTsmProvider(root, kernel));
  }

  @Test
  void getEvidence_ioFailure_throwsEvidenceIo() {
    FakeKernel kernel = new FakeKernel();
    kernel.failWrites = true;
    assertCode(ErrorCode.SNP_EVIDENCE_IO, new ConfigfsTsmProvider(root, kernel));
  }

  private AttestationException assertCode(ErrorCode code, ConfigfsTsmProvider provider) {
    AttestationException e =
        assertThrows(AttestationException.class, () -> provider.getEvidence(reportData()));
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(List.of(), e.culprits());
    return e;
  }

  @Test
  void nio_readMissingFile_isEmpty() throws IOException {
    assertEquals(0, TsmIo.NIO.read(root.resolve("auxblob")).length);
    Files.writeString(root.resolve("x"), "1", StandardCharsets.US_ASCII);
    assertEquals(1, TsmIo.NIO.read(root.resolve("x")).length);
  }
}
