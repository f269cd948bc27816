package dev.mayfly.simulation.snp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import dev.mayfly.snp.evidence.Evidence;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SimulatedAuthority#writeInsecure}, {@link SimulatedAuthority#readInsecure} and {@link
 * SimulatedAuthority#readOrCreateInsecure}.
 */
class SimulatedAuthorityFileTest {
  @TempDir
  Path dir;

  @Test
  void readInsecure_writtenAuthority_issuesChipsUnderTheSameRoot() throws Exception {
    Path file = dir.resolve("authority.bin");
    byte[] ark;
    try (SimulatedAuthority original = SimulatedAuthority.generate(Product.MILAN)) {
      original.writeInsecure(file);
      ark = original.arkDer();
      assertThrows(FileAlreadyExistsException.class, () -> original.writeInsecure(file));
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (SimulatedAuthority loaded = SimulatedAuthority.readInsecure(file)) {
      assertArrayEquals(ark, loaded.arkDer());
      byte[] chipId = new byte[64];
      Arrays.fill(chipId, (byte) 7);
      SimulatedChip chip = loaded.newChip(chipId, TcbVersion.of(3, 0, 8, 115));
      Evidence evidence = SimulatedEvidenceProvider.builder(chip).build()
          .getEvidence(new byte[64]);
      VerifiedReport verified = SnpVerifier.create(SnpVerifyOptions.builder()
          .allowSimulatedEvidenceInsecure().build()).verify(evidence);
      assertTrue(verified.isSimulated());
      List<byte[]> chain = evidence.certificateChain();
      assertArrayEquals(ark, chain.get(chain.size() - 1));
    }
  }

  @Test
  void readInsecure_otherFile_throwsEvidenceUnavailable() throws Exception {
    Path file = dir.resolve("not-an-authority.bin");
    Files.writeString(file, "MAYFLY SIMULATED AUTHORITY, INSECURE TEST KEYS\n\u0002");
    AttestationException e = assertThrows(AttestationException.class,
        () -> SimulatedAuthority.readInsecure(file));
    assertEquals(ErrorCode.SNP_EVIDENCE_UNAVAILABLE, e.code());
    Path truncated = dir.resolve("truncated.bin");
    try (SimulatedAuthority original = SimulatedAuthority.generate(Product.MILAN)) {
      original.writeInsecure(dir.resolve("whole.bin"));
    }
    byte[] whole = Files.readAllBytes(dir.resolve("whole.bin"));
    Files.write(truncated, Arrays.copyOf(whole, whole.length - 1));
    assertEquals(ErrorCode.SNP_EVIDENCE_UNAVAILABLE, assertThrows(AttestationException.class,
        () -> SimulatedAuthority.readInsecure(truncated)).code());
  }

  @Test
  void readOrCreateInsecure_secondRun_readsTheAuthorityTheFirstMade() throws Exception {
    Path file = dir.resolve("kept.bin");
    byte[] ark;
    try (SimulatedAuthority made = SimulatedAuthority.readOrCreateInsecure(file, Product.MILAN,
        new SecureRandom(), Instant.now())) {
      ark = made.arkDer();
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (SimulatedAuthority kept = SimulatedAuthority.readOrCreateInsecure(file, Product.MILAN,
        new SecureRandom(), Instant.now())) {
      assertArrayEquals(ark, kept.arkDer());
      // Chips of the kept authority still verify through the SNP verifier.
      SimulatedChip chip = kept.newChip(new byte[64], TcbVersion.of(3, 0, 8, 115));
      Evidence evidence = SimulatedEvidenceProvider.builder(chip).build()
          .getEvidence(new byte[64]);
      assertTrue(SnpVerifier.create(SnpVerifyOptions.builder()
          .allowSimulatedEvidenceInsecure().build()).verify(evidence).isSimulated());
    }
    try (var files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void readOrCreateInsecure_fileOfAnotherProduct_throwsEvidenceUnavailable() throws Exception {
    Path file = dir.resolve("genoa.bin");
    try (SimulatedAuthority genoa = SimulatedAuthority.generate(Product.GENOA)) {
      genoa.writeInsecure(file);
    }
    AttestationException e = assertThrows(AttestationException.class,
        () -> SimulatedAuthority.readOrCreateInsecure(file, Product.MILAN, new SecureRandom(),
            Instant.now()));
    assertEquals(ErrorCode.SNP_EVIDENCE_UNAVAILABLE, e.code());
  }

  @Test
  void newChip_afterClose_throwsIllegalState() {
    SimulatedAuthority authority = SimulatedAuthority.generate(Product.MILAN);
    authority.newChip(new byte[64], TcbVersion.of(3, 0, 8, 115));
    authority.close();
    assertThrows(IllegalStateException.class,
        () -> authority.newChip(new byte[64], TcbVersion.of(3, 0, 8, 115)));
  }
}
