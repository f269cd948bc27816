package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.ceremony.internal.SimulationSupport;
import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code local-simulated-insecure} mode: the whole ceremony in the build's JVM, with
 * simulated attestation, generated approvers and the in-process test TSA (and test CA), run by
 * the {@code mayfly-simulation} module found through {@link SimulationSupport}. The plugin holds
 * no simulation code: without that module as a plugin dependency this mode fails, naming it.
 *
 * <p><b>Security:</b> for trying the plugin only. The approvers' keys are made and used inside
 * the build, simulated evidence proves nothing, and every output is labelled SIMULATED.
 */
public final class InsecureLocalSigner implements ReleaseSigner {
  /** The artifact a pom must add as a plugin dependency to use this mode. */
  public static final String SIMULATION_ARTIFACT = "dev.mayfly:mayfly-simulation";

  private final SimulationSupport simulation;
  private final SimulationSupport.LocalRelease settings;

  private InsecureLocalSigner(SimulationSupport simulation,
      SimulationSupport.LocalRelease settings) {
    this.simulation = simulation;
    this.settings = settings;
  }

  /**
   * A signer with {@code settings} (its artifacts are ignored).
   *
   * @throws MayflyException {@code CONFIG_INVALID} if the simulation module is not on the
   *     plugin's class path
   */
  public static InsecureLocalSigner create(SimulationSupport.LocalRelease settings,
      String version) throws MayflyException {
    requireNonNull(settings, "settings");
    SimulationSupport simulation = SimulationSupport.find().orElseThrow(() ->
        new MayflyException(ErrorCode.CONFIG_INVALID, "mode local-simulated-insecure needs "
            + SIMULATION_ARTIFACT + ":" + version + " as a dependency of the plugin (add it under"
            + " <plugin><dependencies>); production builds use mode remote"));
    return new InsecureLocalSigner(simulation, settings);
  }

  @Override
  public SignedRelease sign(Map<String, byte[]> contents, Set<String> jars)
      throws MayflyException, InterruptedException {
    SimulationSupport.LocalReleaseOutput output;
    try {
      output = simulation.signLocally(new SimulationSupport.LocalRelease(contents,
          settings.parties(), settings.threshold(), settings.algorithm(), settings.testCa(),
          settings.faults(), settings.phaseTimeout(), settings.authorityFile(), Set.copyOf(jars)));
    } catch (IllegalArgumentException e) {
      throw new MayflyException(ErrorCode.CONFIG_INVALID,
          "the simulated ceremony's settings are impossible: " + e.getMessage(), e);
    }
    Map<String, Map<String, byte[]>> files = new LinkedHashMap<>();
    for (String name : contents.keySet()) {
      Map<String, byte[]> own = output.files().get(name);
      if (own == null) {
        throw new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED,
            "the ceremony returned no output for " + name);
      }
      Map<String, byte[]> bySuffix = new LinkedHashMap<>();
      for (String suffix : SignedRelease.ARTIFACT_SUFFIXES) {
        byte[] bytes = own.get(name + suffix);
        if (bytes == null) {
          throw new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED,
              "the ceremony returned no " + name + suffix);
        }
        bySuffix.put(suffix, bytes);
      }
      files.put(name, bySuffix);
    }
    Map<String, byte[]> signedJars = SignedRelease.signedJars(jars, output.signedJars());
    Map<String, byte[]> shared = new LinkedHashMap<>();
    shared.put(ReleaseFiles.CERTIFICATE, output.certificatePem());
    shared.put(ReleaseFiles.APPROVERS, output.approvalPolicyJson());
    output.trustedRoot().ifPresent(root -> shared.put(ReleaseFiles.TRUSTED_ROOT, root));
    return new SignedRelease(output.sessionIdHex(),
        ReleaseFiles.certificateSha256Hex(output.certificatePem()),
        settings.threshold() + "-of-" + settings.parties() + " " + settings.algorithm().id()
            + ", policy " + java.util.HexFormat.of().formatHex(output.teePolicyHash())
            + ", SIMULATED attestation (not for production)", files, signedJars, shared);
  }
}
