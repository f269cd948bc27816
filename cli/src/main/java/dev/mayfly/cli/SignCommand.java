package dev.mayfly.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.ProgressListener;
import dev.mayfly.common.PartyId;
import dev.mayfly.party.PartyOutcome;
import dev.mayfly.party.SignConfig;
import dev.mayfly.party.SigningClient;
import dev.mayfly.party.SigningException;
import dev.mayfly.party.SigningResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly sign}: the untrusted signing client (DESIGN.md §8). Proposes a session to the
 * parties of its configuration, streams them the artifacts (one, or every artifact of a release:
 * {@code --artifact} repeats), shows their progress as the demo does, assembles the bundles from
 * their public results, verifies each with {@code BundleVerifier} under the configured TEE policy
 * and approval policy, and only then writes the files.
 *
 * @since 0.1.0
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
    description = "Sign an artifact with running parties (mayfly party serve): propose, stream, "
        + "collect, assemble, verify, write.")
public final class SignCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The client configuration (JSON; see docs/deployment.md).")
  Path config;

  @Option(names = "--artifact", required = true, paramLabel = "FILE",
      description = "An artifact to sign; repeat it to sign a release in one ceremony (the "
          + "approvals must approve exactly that list).")
  List<Path> artifacts;

  @Option(names = "--name", paramLabel = "NAME",
      description = "The artifact name the approvals name, with one --artifact; default the file "
          + "name (always the file name with several).")
  String name;

  @Option(names = "--approvals", required = true, arity = "1..*", paramLabel = "FILE",
      description = "Approval envelopes (mayfly approval sign), at least the quorum.")
  List<Path> approvals;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(names = "--json", description = "Print a JSON summary instead of the progress display.")
  boolean json;

  @Option(names = "--jar", description = "Also sign the JAR artifacts (those named *.jar, or the "
      + "only artifact) in the JAR signature format, with an RFC 3161 timestamp: writes "
      + "NAME-signed.jar for NAME.jar (see docs/jar-signing.md).")
  boolean jar;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SignConfig parsed = SignConfig.read(config);
    List<NamedArtifact> release = ReleaseArtifacts.read(spec.commandLine(), artifacts, name);
    List<byte[]> envelopes = new ArrayList<>();
    for (Path approval : approvals) {
      envelopes.add(Files.readAllBytes(approval));
    }
    boolean simulated = parsed.simulatedAuthorityFileInsecure().isPresent();
    if (simulated) {
      err.println("note: attestation.simulatedAuthorityFileInsecure: SIMULATED attestation is "
          + "accepted (proves nothing about hardware)");
    }
    if (parsed.testTimestampAuthorityInsecure()) {
      err.println("note: timestampAuthority.testAuthorityInsecure: an in-process test TSA "
          + "timestamps the signature (its time proves nothing)");
    }
    ProgressListener listener = json ? ProgressListener.NONE
        : new ProgressDisplay(console, System.console() != null, parsed.parties().size());
    if (!json) {
      console.println("Mayfly sign: " + parsed.threshold() + "-of-" + parsed.parties().size()
          + " " + parsed.algorithm().id() + ", " + describe(release) + ", TEE policy " + parsed.teePolicy().hashHex().substring(0, 16) + "..."
          + (simulated ? ", SIMULATED attestation" : ""));
      console.flush();
    }
    SigningResult result;
    try (SigningClient client = SigningClient.create(parsed, listener)) {
      result = client.sign(release, envelopes,
          jar ? ReleaseArtifacts.jars(spec.commandLine(), release) : java.util.Set.of());
    } catch (SigningException e) {
      report(e, console);
      console.flush();
      err.println("error: " + e.getMessage());
      return ExitCodes.INVALID;
    }
    List<Path> written = result.output().writeTo(out);
    if (json) {
      JsonObject summary = summary("signed", result.proposal().sessionId().toHex(),
          result.outcomes());
      summary.addProperty("artifact", result.proposal().artifactName());
      summary.addProperty("artifactSha256",
          HexFormat.of().formatHex(result.proposal().artifactSha256()));
      summary.add("artifacts", ReleaseArtifacts.json(result.output(), out));
      summary.addProperty("attestation", result.verified().simulated() ? "SIMULATED" : "SEV-SNP");
      JsonArray files = new JsonArray();
      written.forEach(path -> files.add(path.toString()));
      summary.add("files", files);
      console.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
    } else {
      console.println();
      console.println("Signed and verified: " + result.verified().threshold() + "-of-"
          + result.verified().parties().size() + " " + result.verified().algorithm().id()
          + ", " + result.verified().approvalsCounted() + " approvals, certificate serial "
          + result.verified().certificate().getSerialNumber().toString(16)
          + (result.verified().simulated() ? ", SIMULATED attestation" : ""));
      console.println("Wrote:");
      written.forEach(path -> console.println("  " + path));
      ReleaseArtifacts.printChecks(console, result.output(), parsed.algorithm(), artifacts, out,
          " --policy-hash " + parsed.teePolicy().hashHex() + " --approvers <approval policy file>"
          + (simulated ? " --allow-simulated"
              : " --trusted-root <trusted_root.json with the TSA>"));
    }
    console.flush();
    return ExitCodes.OK;
  }

  /** "artifact NAME (N bytes)", or "N artifacts (M bytes)" for a release. */
  static String describe(List<NamedArtifact> release) {
    long bytes = release.stream().mapToLong(NamedArtifact::length).sum();
    return release.size() == 1
        ? "artifact " + release.get(0).name() + " (" + bytes + " bytes)"
        : release.size() + " artifacts (" + bytes + " bytes)";
  }

  private void report(SigningException e, PrintWriter console) {
    if (json) {
      JsonObject summary = summary("aborted", "", e.outcomes());
      summary.addProperty("code", e.code().name());
      JsonArray culprits = new JsonArray();
      e.culprits().forEach(p -> culprits.add(p.value()));
      summary.add("culprits", culprits);
      console.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
      return;
    }
    console.println();
    console.println("Aborted: nothing written.");
    for (Map.Entry<PartyId, PartyOutcome> entry : e.outcomes().entrySet()) {
      PartyOutcome outcome = entry.getValue();
      OutcomeRecord record = outcome.record();
      if (record != null) {
        console.println("  " + entry.getKey() + ": " + record.code()
            + (record.culprits().isEmpty() ? "" : " naming " + record.culprits()) + " in "
            + record.phase() + ", record " + record.digestHex().substring(0, 16));
        for (OutcomeRecord.Report report : record.reports()) {
          console.println("      reported by " + report.reporter() + ": " + report.code()
              + (report.accused().isEmpty() ? "" : " about " + report.accused())
              + " (" + report.round() + ")");
        }
      } else if (outcome.status() == PartyOutcome.Status.SIGNED) {
        console.println("  " + entry.getKey() + ": signed");
      } else {
        console.println("  " + entry.getKey() + ": " + outcome.failure().code() + " ("
            + outcome.message() + ")");
      }
    }
  }

  private static JsonObject summary(String status, String sessionId,
      Map<PartyId, PartyOutcome> outcomes) {
    JsonObject summary = new JsonObject();
    summary.addProperty("status", status);
    if (!sessionId.isEmpty()) {
      summary.addProperty("sessionId", sessionId);
    }
    JsonObject parties = new JsonObject();
    for (Map.Entry<PartyId, PartyOutcome> entry : outcomes.entrySet()) {
      PartyOutcome outcome = entry.getValue();
      JsonObject item = new JsonObject();
      item.addProperty("outcome", outcome.status().name().toLowerCase(java.util.Locale.ROOT));
      if (outcome.record() != null) {
        RecordJson.addTo(item, outcome.record());
      }
      if (outcome.failure() != null) {
        item.addProperty("code", outcome.failure().code().name());
        item.addProperty("message", outcome.message());
      }
      parties.add(String.valueOf(entry.getKey().value()), item);
    }
    summary.add("parties", parties);
    return summary;
  }
}
