package dev.mayfly.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.ceremony.ArtifactMode;
import dev.mayfly.ceremony.CeremonyException;
import dev.mayfly.ceremony.CeremonyOptions;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.ceremony.OutcomeRecord;
import dev.mayfly.ceremony.ProgressListener;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.cert.mint.IssuanceMode;
import dev.mayfly.common.PartyId;
import dev.mayfly.simulation.ceremony.LocalCeremony;
import dev.mayfly.simulation.snp.SimulatedAuthority;
import dev.mayfly.snp.abi.Product;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mayfly demo}: a whole ceremony in one process over the in-memory transport with
 * simulated attestation (DESIGN.md §8), with a progress display; writes the five output files.
 *
 * @since 0.1.0
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a whole signing ceremony in one process (in-memory transport, SIMULATED "
        + "attestation) and write the signature, certificate, key, Sigstore bundle and evidence.")
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--parties", paramLabel = "N", description = "Number of parties; default 3.")
  int parties = 3;

  @Option(names = "--threshold", paramLabel = "T", description = "Signing threshold; default 2.")
  int threshold = 2;

  @Option(names = "--algorithm", paramLabel = "ALG",
      description = "ed25519 (default) or ecdsa-p256.")
  String algorithm = "ed25519";

  @Option(names = "--artifact", paramLabel = "FILE",
      description = "An artifact to sign; repeat it to sign a release in one ceremony; default a "
          + "generated sample, written to the output.")
  List<Path> artifacts = new java.util.ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory; default ./mayfly-out.")
  Path out = Path.of("mayfly-out");

  @Option(names = "--fault", paramLabel = "SPEC",
      description = "Inject faults, e.g. crash:2@dkg, equivocate:3@dkg, policy:3, corrupt:2@sign, "
          + "evidence:2, approval:expired (see docs/ceremony.md).")
  String fault;

  @Option(names = "--ca", description = "Issue the certificate through an in-process test CA and "
      + "write trusted_root.json.")
  boolean ca;

  @Option(names = "--phase-timeout", paramLabel = "SECONDS",
      description = "Deadline of each phase; default 5.")
  long phaseTimeoutSeconds = 5;

  @Option(names = "--json", description = "Print a JSON summary instead of the progress display.")
  boolean json;

  @Option(names = "--jar", description = "Also sign the JAR artifacts (those named *.jar, or the "
      + "only artifact) in the JAR signature format, with an RFC 3161 timestamp from the test "
      + "TSA: writes NAME-signed.jar for NAME.jar (with --ca, jarsigner -verify accepts it "
      + "against a truststore of trusted_root.json's roots; see docs/jar-signing.md).")
  boolean jar;

  @Option(names = "--simulated-authority-insecure", paramLabel = "FILE",
      defaultValue = "${env:MAYFLY_DEMO_SIMULATED_AUTHORITY}",
      description = "Keep the simulated AMD authority (its test root keys, in the clear) in FILE: "
          + "read it when it exists, else make one and write it there, so that later demos skip "
          + "its RSA key generation. Default $MAYFLY_DEMO_SIMULATED_AUTHORITY (./mayfly sets it "
          + "to cli/target/demo-simulated-authority-insecure.bin); without either, a fresh one "
          + "each run.")
  @Nullable Path simulatedAuthority;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    GroupKeyAlgorithm keyAlgorithm = algorithm(algorithm);
    if (phaseTimeoutSeconds < 1 || phaseTimeoutSeconds > 3600) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--phase-timeout must be 1..3600 seconds");
    }
    boolean sample = artifacts.isEmpty();
    List<NamedArtifact> release = sample
        ? List.of(NamedArtifact.of("mayfly-sample.txt",
            ("Mayfly sample artifact, made " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8)))
        : ReleaseArtifacts.read(spec.commandLine(), artifacts, null);
    LocalCeremony.Builder builder = LocalCeremony.builder()
        .parties(parties).threshold(threshold).algorithm(keyAlgorithm)
        .artifactMode(release.stream().anyMatch(
            a -> a.length() > CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES)
            ? ArtifactMode.STATEMENT : ArtifactMode.RAW)
        .issuance(ca ? IssuanceMode.CA_ISSUED : IssuanceMode.SELF_ATTESTED)
        .phaseTimeout(Duration.ofSeconds(phaseTimeoutSeconds))
        .progressListener(json ? ProgressListener.NONE
            : new ProgressDisplay(console, System.console() != null, parties));
    release.forEach(a -> builder.artifact(a.name(), a.bytes()));
    if (jar) {
      if (sample) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--jar needs a JAR given with --artifact");
      }
      if (release.stream().anyMatch(
          a -> a.length() > CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--jar needs raw mode: "
            + "every artifact at most " + CeremonyOptions.DEFAULT_RAW_ARTIFACT_MAX_BYTES
            + " bytes");
      }
      ReleaseArtifacts.jars(spec.commandLine(), release).forEach(builder::signJar);
    }
    if (fault != null) {
      builder.faults(fault);
    }
    SimulatedAuthority authority = null;
    if (simulatedAuthority != null && !simulatedAuthority.toString().isEmpty()) {
      authority = SimulatedAuthority.readOrCreateInsecure(simulatedAuthority, Product.MILAN,
          new SecureRandom(), Instant.now());
      builder.simulatedAuthority(authority);
    }
    try (LocalCeremony ceremony = builder.build()) {
      return run(ceremony, release, sample, keyAlgorithm);
    } finally {
      if (authority != null) {
        authority.destroy();
      }
    }
  }

  private int run(LocalCeremony ceremony, List<NamedArtifact> release, boolean sample,
      GroupKeyAlgorithm keyAlgorithm) throws Exception {
    PrintWriter console = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!json) {
      console.println("Mayfly demo: " + threshold + "-of-" + parties + " " + keyAlgorithm.id()
          + ", " + SignCommand.describe(release) + ", SIMULATED attestation "
          + "(not for production)" + (fault == null ? "" : ", faults: " + fault));
      console.flush();
    }
    LocalCeremony.Outcome outcome = ceremony.run();
    if (outcome.succeeded()) {
      CeremonyOutput output = outcome.output().orElseThrow();
      List<Path> written = new java.util.ArrayList<>(output.writeTo(out));
      // What a verifier must be told to expect: the approvers (the demo's own, made at random).
      Path approvers = out.resolve(output.name() + ".approvers.json");
      Files.write(approvers, outcome.proposal().approvalPolicy().toJsonBytes());
      written.add(approvers);
      if (sample) {
        Files.write(out.resolve(release.get(0).name()), release.get(0).bytes());
      }
      List<Path> artifactPaths = sample ? List.of(out.resolve(release.get(0).name())) : artifacts;
      if (json) {
        JsonObject summary = summary(outcome, "signed");
        summary.add("artifacts", ReleaseArtifacts.json(output, out));
        JsonArray files = new JsonArray();
        written.forEach(path -> files.add(path.toString()));
        summary.add("files", files);
        console.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
      } else {
        console.println();
        console.println("Signed: every party agrees on the signature; every key share is "
            + "destroyed (" + outcome.results().values().iterator().next().receipts().size()
            + " destruction receipts).");
        console.println("Wrote:");
        written.forEach(path -> console.println("  " + path));
        ReleaseArtifacts.printChecks(console, output, keyAlgorithm, artifactPaths, out,
            " --policy-hash " + HexFormat.of().formatHex(outcome.proposal().teePolicyHash())
                + " --approvers " + approvers + " --allow-simulated");
      }
      return ExitCodes.OK;
    }
    CeremonyException abort = outcome.honestAbort().orElseGet(() -> firstHonestAbort(outcome));
    if (json) {
      JsonObject summary = summary(outcome, "aborted");
      summary.addProperty("code", abort.code().name());
      JsonArray culprits = new JsonArray();
      abort.culprits().forEach(p -> culprits.add(p.value()));
      summary.add("culprits", culprits);
      console.println(new GsonBuilder().setPrettyPrinting().create().toJson(summary));
    } else {
      console.println();
      console.println("Aborted: no output written; every party destroyed its secrets.");
      for (Map.Entry<PartyId, CeremonyException> entry : outcome.aborts().entrySet()) {
        CeremonyException e = entry.getValue();
        console.println("  " + entry.getKey()
            + (outcome.faultyParties().contains(entry.getKey()) ? " (faulty)" : "") + ": "
            + e.code() + (e.culprits().isEmpty() ? "" : " naming " + e.culprits())
            + " in " + e.phase() + ", record " + e.record().digestHex().substring(0, 16));
        for (OutcomeRecord.Report report : e.record().reports()) {
          console.println("      reported by " + report.reporter() + ": " + report.code()
              + (report.accused().isEmpty() ? "" : " about " + report.accused())
              + " (" + report.round() + ")");
        }
      }
      outcome.results().keySet().forEach(party -> console.println("  " + party
          + ": signed (the last message it needed arrived; see docs/ceremony.md)"));
    }
    console.flush();
    err.println("error: " + abort.getMessage());
    return ExitCodes.INVALID;
  }

  private static CeremonyException firstHonestAbort(LocalCeremony.Outcome outcome) {
    for (PartyId party : outcome.honestParties()) {
      CeremonyException abort = outcome.aborts().get(party);
      if (abort != null) {
        return abort;
      }
    }
    return outcome.aborts().values().iterator().next();
  }

  private static JsonObject summary(LocalCeremony.Outcome outcome, String status) {
    JsonObject summary = new JsonObject();
    summary.addProperty("status", status);
    summary.addProperty("sessionId", outcome.proposal().sessionId().toHex());
    summary.addProperty("artifact", outcome.proposal().artifactName());
    summary.addProperty("artifactSha256",
        HexFormat.of().formatHex(outcome.proposal().artifactSha256()));
    summary.addProperty("attestation", "SIMULATED");
    JsonObject parties = new JsonObject();
    for (PartyId party : outcome.proposal().partyIds()) {
      JsonObject entry = new JsonObject();
      CeremonyException abort = outcome.aborts().get(party);
      entry.addProperty("outcome", abort == null ? "signed" : "aborted");
      entry.addProperty("faulty", outcome.faultyParties().contains(party));
      if (abort != null) {
        RecordJson.addTo(entry, abort.record());
        entry.addProperty("droppedFrames", abort.droppedFrames());
      }
      parties.add(String.valueOf(party.value()), entry);
    }
    summary.add("parties", parties);
    return summary;
  }

  private GroupKeyAlgorithm algorithm(String id) {
    try {
      return GroupKeyAlgorithm.fromId(id);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--algorithm must be ed25519 or ecdsa-p256, got '" + id + "'");
    }
  }
}
