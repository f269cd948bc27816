package dev.mayfly.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.mayfly.snp.abi.AttestationReport;
import dev.mayfly.snp.abi.Product;
import dev.mayfly.snp.abi.TcbVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly snp show --report FILE [--product NAME] [--json]}: parses a report (strictly, no
 * signature check) and prints its fields.
 *
 * @since 0.1.0
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Parse a report and print its fields (no signature or chain check).")
public final class SnpShowCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--report", required = true, paramLabel = "FILE",
      description = "The report: 1184 raw bytes or hex text.")
  Path report;

  @Option(names = "--product", paramLabel = "NAME",
      description = "Milan, Genoa or Turin, for version 2 reports (no CPUID).")
  String product;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    AttestationReport parsed = AttestationReport.parse(ReportFiles.read(report));
    if (product != null) {
      parsed = parsed.withProduct(SnpVerifyCommand.product(product));
    }
    Map<String, Object> fields = fields(parsed);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonObject o = new JsonObject();
      fields.forEach((k, v) -> {
        if (v instanceof Number n) {
          o.addProperty(k, n);
        } else if (v instanceof Boolean b) {
          o.addProperty(k, b);
        } else {
          o.addProperty(k, String.valueOf(v));
        }
      });
      out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o));
    } else {
      fields.forEach((k, v) -> out.printf("%-22s %s%n", k, v));
    }
    return ExitCodes.OK;
  }

  static Map<String, Object> fields(AttestationReport r) {
    HexFormat hex = HexFormat.of();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("version", r.version());
    f.put("product", r.product().map(Product::kdsName).orElse("unknown"));
    f.put("guestSvn", r.guestSvn());
    f.put("policy", r.policy().toString());
    f.put("policyDebugAllowed", r.policy().debugAllowed());
    f.put("policyMigrateMaAllowed", r.policy().migrateMaAllowed());
    f.put("policySmtAllowed", r.policy().smtAllowed());
    f.put("familyId", hex.formatHex(r.familyId()));
    f.put("imageId", hex.formatHex(r.imageId()));
    f.put("vmpl", r.vmpl());
    f.put("signatureAlgorithm", r.signatureAlgorithm());
    f.put("platformInfo", r.platformInfo().toString());
    f.put("signingKey", r.signerInfo().signingKey().name());
    f.put("authorKeyEnabled", r.signerInfo().authorKeyEnabled());
    f.put("chipKeyMasked", r.signerInfo().chipKeyMasked());
    f.put("reportData", hex.formatHex(r.reportData()));
    f.put("measurement", hex.formatHex(r.measurement()));
    f.put("hostData", hex.formatHex(r.hostData()));
    f.put("idKeyDigest", hex.formatHex(r.idKeyDigest()));
    f.put("authorKeyDigest", hex.formatHex(r.authorKeyDigest()));
    f.put("reportId", hex.formatHex(r.reportId()));
    f.put("reportIdMa", hex.formatHex(r.reportIdMa()));
    boolean decodable = r.tcbLayout().isPresent();
    f.put("currentTcb", decodable ? tcb(r.currentTcb()) : rawTcb(r.currentTcbRaw()));
    f.put("reportedTcb", decodable ? tcb(r.reportedTcb()) : rawTcb(r.reportedTcbRaw()));
    if (decodable) {
      f.put("committedTcb", tcb(r.committedTcb()));
      f.put("launchTcb", tcb(r.launchTcb()));
    }
    r.cpuidFamily().ifPresent(v -> f.put("cpuidFamily", String.format("0x%02X", v)));
    r.cpuidModel().ifPresent(v -> f.put("cpuidModel", String.format("0x%02X", v)));
    r.cpuidStepping().ifPresent(v -> f.put("cpuidStepping", v));
    f.put("chipId", hex.formatHex(r.chipId()));
    f.put("chipIdMasked", r.isChipIdMasked());
    f.put("currentFirmware", r.currentFirmware().toString());
    f.put("committedFirmware", r.committedFirmware().toString());
    r.launchMitigationVector().ifPresent(v -> f.put("launchMitVector", String.format("0x%X", v)));
    r.currentMitigationVector().ifPresent(v -> f.put("currentMitVector", String.format("0x%X", v)));
    return f;
  }

  private static String tcb(TcbVersion t) {
    return t + String.format(" (raw 0x%016X)", t.raw());
  }

  private static String rawTcb(long raw) {
    return String.format("raw 0x%016X (product unknown)", raw);
  }
}
