package dev.mayfly.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.mayfly.ceremony.CeremonyOutput;
import dev.mayfly.ceremony.NamedArtifact;
import dev.mayfly.cert.mint.GroupKeyAlgorithm;
import dev.mayfly.common.ArtifactDigest;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/**
 * The artifacts of one command line: every {@code --artifact FILE} (repeatable: a release is signed
 * or approved as one), named by its file name, or by {@code --name} when there is exactly one.
 */
final class ReleaseArtifacts {
  private ReleaseArtifacts() {}

  /**
   * Reads the files and names them.
   *
   * @throws CommandLine.ParameterException for {@code --name} with several artifacts, two files of
   *     one name, more than {@link ArtifactDigest#MAX_ARTIFACTS}, or an invalid name
   */
  static List<NamedArtifact> read(CommandLine commandLine, List<Path> files, @Nullable String name)
      throws IOException {
    if (name != null && files.size() != 1) {
      throw new CommandLine.ParameterException(commandLine,
          "--name names one artifact; with several --artifact options each is named by its file"
              + " name");
    }
    if (files.size() > ArtifactDigest.MAX_ARTIFACTS) {
      throw new CommandLine.ParameterException(commandLine, "at most "
          + ArtifactDigest.MAX_ARTIFACTS + " --artifact options, got " + files.size());
    }
    List<NamedArtifact> artifacts = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path file : files) {
      String artifactName = name != null ? name : file.getFileName().toString();
      if (!names.add(artifactName)) {
        throw new CommandLine.ParameterException(commandLine,
            "two --artifact files are named " + artifactName + "; artifact names must differ");
      }
      String problem = ArtifactDigest.nameProblem(artifactName);
      if (problem != null) {
        throw new CommandLine.ParameterException(commandLine, problem + ": " + artifactName);
      }
      artifacts.add(NamedArtifact.of(artifactName, Files.readAllBytes(file)));
    }
    return artifacts;
  }

  /**
   * The artifacts {@code --jar} signs in the JAR format: every artifact whose name ends in {@code
   * .jar} (any case), or the only artifact whatever its name.
   *
   * @throws CommandLine.ParameterException if several artifacts are given and none is a JAR
   */
  static Set<String> jars(CommandLine commandLine, List<NamedArtifact> artifacts) {
    if (artifacts.size() == 1) {
      return Set.of(artifacts.get(0).name());
    }
    Set<String> jars = new java.util.TreeSet<>();
    for (NamedArtifact artifact : artifacts) {
      if (artifact.name().toLowerCase(java.util.Locale.ROOT).endsWith(".jar")) {
        jars.add(artifact.name());
      }
    }
    if (jars.isEmpty()) {
      throw new CommandLine.ParameterException(commandLine,
          "--jar signs the artifacts named *.jar, and none is");
    }
    return jars;
  }

  /** The names and digests, in order. */
  static List<ArtifactDigest> digests(List<NamedArtifact> artifacts) {
    return artifacts.stream().map(NamedArtifact::digest).toList();
  }

  /** A JSON array of the artifacts with the files written for each. */
  static JsonArray json(CeremonyOutput output, Path out) {
    JsonArray array = new JsonArray();
    for (CeremonyOutput.Artifact artifact : output.artifacts()) {
      JsonObject entry = new JsonObject();
      entry.addProperty("name", artifact.artifact().name());
      entry.addProperty("sha256", artifact.artifact().sha256Hex());
      entry.addProperty("signature", out.resolve(artifact.signatureFileName()).toString());
      entry.addProperty("bundle", out.resolve(artifact.sigstoreBundleFileName()).toString());
      artifact.signedJarFileName().ifPresent(jar ->
          entry.addProperty("signedJar", out.resolve(jar).toString()));
      array.add(entry);
    }
    return array;
  }

  /**
   * Prints, per artifact, the OpenSSL command that checks its {@code .sig} and the {@code mayfly
   * verify} command that checks its bundle; {@code files} are the artifacts' paths in order.
   */
  static void printChecks(PrintWriter console, CeremonyOutput output, GroupKeyAlgorithm algorithm,
      List<Path> files, Path out, String verifyOptions) {
    Path pub = out.resolve(output.publicKeyFileName());
    Path evidence = out.resolve(output.evidenceFileName());
    console.println("Check it:");
    for (int i = 0; i < output.artifacts().size(); i++) {
      CeremonyOutput.Artifact artifact = output.artifacts().get(i);
      Path file = files.get(i);
      Path sig = out.resolve(artifact.signatureFileName());
      if (algorithm == GroupKeyAlgorithm.ED25519) {
        console.println("  openssl pkeyutl -verify -rawin -pubin -inkey " + pub + " -in " + file
            + " -sigfile " + sig);
      } else {
        console.println("  openssl dgst -sha256 -verify " + pub + " -signature " + sig + " "
            + file);
      }
      console.println("  ./mayfly verify --artifact " + file + " --bundle "
          + out.resolve(artifact.sigstoreBundleFileName())
          + (output.artifacts().size() > 1 ? " --evidence " + evidence : "") + verifyOptions);
    }
  }
}
