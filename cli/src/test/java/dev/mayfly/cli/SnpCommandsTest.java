package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mayfly.snp.validate.TeePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnpCommandsTest {
  private static final String AT = "2025-09-01T00:00:00Z";

  @TempDir
  Path dir;

  static Stream<Arguments> goodVectors() {
    return Stream.of(
        Arguments.of("P2", "derived/virtee-sev-report_milan.bin", "virtee-sev/tests/vcek_milan.der", ""),
        Arguments.of("P3", "trustee/snp/test-report.bin", "trustee/snp/test-vcek.der", ""),
        Arguments.of("P4", "trustee/snp/test-vlek-report.bin", "trustee/snp/test-vlek.der", "1"),
        Arguments.of("P5", "derived/trustee-az-milan-hcl-snp-report.bin", "trustee/az-snp-vtpm/vcek.pem", ""),
        Arguments.of("P6", "derived/trustee-az-genoa-snp-report.bin", "trustee/az-snp-vtpm/vcek-genoa.pem", ""),
        Arguments.of("P7", "routex-client-lua/report-turin.bin", "routex-client-lua/vcek-chain-turin.pem", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goodVectors")
  void snpVerify_goodVector_exitsZero(String id, String report, String vcek, String vmpl) {
    CliRun r = vmpl.isEmpty()
        ? CliRun.run("snp", "verify", "--report", CliRun.vector(dir, report), "--vcek",
            CliRun.vector(dir, vcek), "--at", AT)
        : CliRun.run("snp", "verify", "--report", CliRun.vector(dir, report), "--vcek",
            CliRun.vector(dir, vcek), "--at", AT, "--vmpl", vmpl);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("OK: "), r.out());
  }

  @Test
  void snpVerify_chainFileStartingWithTheVcek_isAccepted() {
    // AMD's and many tools' chain files hold VCEK, ASK and ARK in one file.
    String file = CliRun.vector(dir, "routex-client-lua/vcek-chain-turin.pem");
    CliRun run = CliRun.run("snp", "verify", "--report",
        CliRun.vector(dir, "routex-client-lua/report-turin.bin"), "--vcek", file, "--chain", file,
        "--at", AT);
    assertEquals(0, run.exitCode(), run.err());
  }

  @Test
  void snpVerify_p1WithMeasurementAndReportData_debugRefusedThenAllowed() {
    String report = CliRun.vector(dir, "go-sev-guest/testdata/attestation.bin");
    String vcek = CliRun.vector(dir, "go-sev-guest/testdata/vcek.testcer");
    String m = "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b"
        + "6bdf8a9ece31a5a608eb0cf2e4872b01";
    String rd = "0102030405" + "00".repeat(59);
    CliRun refused = CliRun.run("snp", "verify", "--report", report, "--vcek", vcek, "--at", AT,
        "--measurement", m, "--report-data", rd);
    assertEquals(1, refused.exitCode());
    assertTrue(refused.err().startsWith("error: SNP_DEBUG_NOT_ALLOWED: "), refused.err());
    CliRun allowed = CliRun.run("snp", "verify", "--report", report, "--vcek", vcek, "--at", AT,
        "--measurement", m, "--report-data", rd, "--allow-debug");
    assertEquals(0, allowed.exitCode(), allowed.err());
  }

  @Test
  void snpVerify_badInputs_exitOneWithCode() {
    String p7 = CliRun.vector(dir, "routex-client-lua/report-turin.bin");
    String turinVcek = CliRun.vector(dir, "routex-client-lua/vcek-chain-turin.pem");
    assertError("SNP_CERT_ISSUER_MISMATCH", CliRun.run("snp", "verify", "--report", p7, "--vcek",
        turinVcek, "--chain", CliRun.vector(dir, "go-sev-guest/trust/ask_ark_genoa.pem"), "--at", AT));
    assertError("SNP_CERT_OUTSIDE_VALIDITY", CliRun.run("snp", "verify", "--report", p7, "--vcek",
        turinVcek, "--at", "2040-01-01T00:00:00Z"));
    assertError("SNP_CHIP_ID_MISMATCH", CliRun.run("snp", "verify", "--report",
        CliRun.vector(dir, "go-sev-guest/testdata/attestation.bin"), "--vcek",
        CliRun.vector(dir, "virtee-sev/tests/vcek_milan.der"), "--at", AT));
    assertError("SNP_MEASUREMENT_MISMATCH", CliRun.run("snp", "verify", "--report", p7, "--vcek",
        turinVcek, "--at", AT, "--measurement", "00".repeat(48)));
    assertError("SNP_VMPL_NOT_ALLOWED", CliRun.run("snp", "verify", "--report",
        CliRun.vector(dir, "trustee/snp/test-vlek-report.bin"), "--vcek",
        CliRun.vector(dir, "trustee/snp/test-vlek.der"), "--at", AT));
    assertError("SNP_REPORT_OVERSIZED", CliRun.run("snp", "verify", "--report", turinVcek,
        "--vcek", turinVcek, "--at", AT));
  }

  private static void assertError(String code, CliRun r) {
    assertEquals(1, r.exitCode(), r.err());
    assertTrue(r.err().contains("error: " + code + ": "), r.err());
  }

  @Test
  void usageErrors_exitTwo() {
    assertEquals(2, CliRun.run("snp", "verify").exitCode());
    assertEquals(2, CliRun.run("snp").exitCode());
    assertEquals(2, CliRun.run("bogus").exitCode());
    assertEquals(2, CliRun.run("snp", "verify", "--report", "x", "--vmpl", "one").exitCode());
  }

  @Test
  void snpShow_json_printsFields() {
    CliRun r = CliRun.run("snp", "show", "--report",
        CliRun.vector(dir, "routex-client-lua/report-turin.bin"), "--json");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("\"product\": \"Turin\""), r.out());
    assertTrue(r.out().contains("fmc=0 bl=1 tee=0 snp=2 ucode=71"), r.out());
    CliRun text = CliRun.run("snp", "show", "--report",
        CliRun.vector(dir, "virtee-sev/tests/report_milan.hex"), "--product", "Milan");
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().contains("bl=3 tee=0 snp=8 ucode=115"), text.out());
  }

  @Test
  void policyHash_printsHashOrRefuses() throws Exception {
    TeePolicy policy = TeePolicy.builder().allowMeasurement(new byte[48]).build();
    Path file = dir.resolve("policy.json");
    Files.writeString(file, policy.toJson());
    CliRun r = CliRun.run("policy", "hash", "--policy", file.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(policy.hashHex(), r.out().strip());
    Files.writeString(file, "{\"version\":1}");
    assertError("SNP_POLICY_DOCUMENT_INVALID", CliRun.run("policy", "hash", "--policy", file.toString()));
    assertEquals(1, CliRun.run("policy", "hash", "--policy", dir.resolve("none.json").toString()).exitCode());
  }
}
