package dev.mayfly.cli;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.snp.AttestationException;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.validate.PolicyValidator;
import dev.mayfly.snp.validate.ReportExpectations;
import dev.mayfly.snp.validate.TeePolicy;
import dev.mayfly.snp.validate.ValidatedReport;
import dev.mayfly.snp.verify.CertificateEncoding;
import dev.mayfly.snp.verify.SnpVerifier;
import dev.mayfly.snp.verify.SnpVerifyOptions;
import dev.mayfly.snp.verify.VerifiedReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly snp verify}: verifies a report against the embedded AMD roots, then validates it
 * against a policy built from the options (DESIGN.md §8).
 *
 * <p>Without {@code --measurement} any measurement is accepted, and without {@code
 * --report-data} any REPORT_DATA; both are said on stderr.
 *
 * @since 0.1.0
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Verify a report (embedded AMD roots by default) and check it against a policy.")
public final class SnpVerifyCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--report", required = true, paramLabel = "FILE",
      description = "The report: 1184 raw bytes or hex text.")
  Path report;

  @Option(names = "--vcek", paramLabel = "FILE",
      description = "The VCEK or VLEK (DER or PEM; further PEM certificates form the chain).")
  Path vcek;

  @Option(names = "--chain", paramLabel = "FILE",
      description = "ASK or ASVK, then optionally ARK (PEM or DER; a copy of the --vcek certificate"
          + " in it is skipped); default the embedded roots.")
  Path chain;

  @Option(names = "--product", paramLabel = "NAME", description = "Milan, Genoa or Turin.")
  String product;

  @Option(names = "--at", paramLabel = "ISO-8601",
      description = "Verification time, e.g. 2025-09-01T00:00:00Z; default now.")
  Instant at;

  @Option(names = "--measurement", paramLabel = "HEX",
      description = "An allowed launch measurement (48 bytes hex); repeatable.")
  List<String> measurements = new ArrayList<>();

  @Option(names = "--host-data", paramLabel = "HEX", description = "Expected HOST_DATA (32 bytes).")
  String hostData;

  @Option(names = "--report-data", paramLabel = "HEX",
      description = "Expected REPORT_DATA (64 bytes).")
  String reportData;

  @Option(names = "--vmpl", paramLabel = "N", description = "Allowed VMPL (0..3); default 0.")
  int vmpl;

  @Option(names = "--allow-debug", description = "Accept guests whose policy allows DEBUG.")
  boolean allowDebug;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    byte[] reportBytes = ReportFiles.read(report);
    List<byte[]> certs = new ArrayList<>();
    if (vcek != null) {
      certs.addAll(CertificateEncoding.decodeAll(Files.readAllBytes(vcek)));
    }
    if (chain != null) {
      if (certs.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--chain needs --vcek");
      }
      byte[] leaf = certs.get(0);
      certs = new ArrayList<>(List.of(leaf));
      for (byte[] cert : CertificateEncoding.decodeAll(Files.readAllBytes(chain))) {
        // A chain file may start with the VCEK itself, as AMD's and many tools' files do.
        if (!Arrays.equals(cert, leaf)) {
          certs.add(cert);
        }
      }
    }
    if (certs.size() > 3) {
      certs = new ArrayList<>(certs.subList(0, 3));
    }
    SnpVerifyOptions.Builder options = SnpVerifyOptions.builder()
        .clock(at == null ? Clock.systemUTC() : Clock.fixed(at, ZoneOffset.UTC));
    if (product != null) {
      options.product(product(product));
    }
    VerifiedReport verified = SnpVerifier.create(options.build()).verify(reportBytes, certs);

    HexFormat hex = HexFormat.of();
    TeePolicy.Builder policy = TeePolicy.builder().allowDebug(allowDebug).vmpls(Set.of(vmpl));
    if (measurements.isEmpty()) {
      err.println("note: no --measurement given, any measurement is accepted");
      policy.acceptAnyMeasurementInsecure();
    }
    for (String m : measurements) {
      policy.allowMeasurement(parseHex(m, 48, "--measurement"));
    }
    ReportExpectations expectations;
    if (reportData == null) {
      err.println("note: no --report-data given, any REPORT_DATA is accepted");
      expectations = ReportExpectations.anyReportDataInsecure();
    } else {
      expectations = ReportExpectations.reportData(parseHex(reportData, 64, "--report-data"));
    }
    if (hostData != null) {
      expectations = expectations.withHostData(parseHex(hostData, 32, "--host-data"));
    }
    ValidatedReport validated = PolicyValidator.create(policy.build()).validate(verified, expectations);
    VerifiedReport v = validated.verifiedReport();
    out.println("OK: " + v.product().kdsName() + " report v" + v.report().version()
        + " signed by " + v.signingKey() + (v.isSimulated() ? " (SIMULATED)" : "")
        + ", VMPL " + v.report().vmpl() + ", measurement " + hex.formatHex(v.measurement()));
    return ExitCodes.OK;
  }

  private byte[] parseHex(String value, int bytes, String option) {
    return CliOptions.hex(spec.commandLine(), value, bytes, option);
  }


  static Product product(String name) throws AttestationException {
    return Product.fromName(name).orElseThrow(() -> new AttestationException(
        ErrorCode.SNP_PRODUCT_UNKNOWN, "unknown product '" + name + "', expected Milan, Genoa or Turin"));
  }
}
