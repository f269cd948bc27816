package dev.mayfly.maven.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.model.Model;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a project contributes to the release. */
class ReactorReleaseTest {
  @TempDir
  Path dir;

  @Test
  void artifactsOf_jarProject_pomMainAndAttachedWithoutSignatures() throws Exception {
    MavenProject project = project("jar");
    project.getArtifact().setFile(file("lib-1.0.jar"));
    project.addAttachedArtifact(artifact("jar", "sources", file("lib-1.0-sources.jar")));
    project.addAttachedArtifact(artifact("jar.sigstore.json", null, file("x.sigstore.json")));
    project.addAttachedArtifact(artifact("pom.sig", null, file("x.sig")));
    project.addAttachedArtifact(artifact("jar.asc", null, file("x.asc")));
    List<String> notPackaged = new ArrayList<>();

    List<String> names = ReactorRelease.artifactsOf(project, true, notPackaged).stream()
        .map(ReleaseArtifact::name).toList();

    assertEquals(List.of("lib-1.0.pom", "lib-1.0.jar", "lib-1.0-sources.jar"), names);
    assertEquals(List.of(), notPackaged);
  }

  @Test
  void artifactsOf_unpackagedJar_reportedNotSigned() throws Exception {
    MavenProject project = project("jar");
    project.getArtifact().setFile(dir.toFile()); // target/classes: a directory
    List<String> notPackaged = new ArrayList<>();

    List<String> names = ReactorRelease.artifactsOf(project, false, notPackaged).stream()
        .map(ReleaseArtifact::name).toList();

    assertEquals(List.of(), names);
    assertEquals(List.of("g:lib: lib-1.0.jar"), notPackaged);
  }

  @Test
  void artifactsOf_pomProject_signsItsPomOnce() throws Exception {
    MavenProject project = project("pom");
    List<String> names = ReactorRelease.artifactsOf(project, false, new ArrayList<>()).stream()
        .map(ReleaseArtifact::name).toList();
    assertEquals(List.of("lib-1.0.pom"), names);
  }

  @Test
  void replaceFile_mainAndAttachedJars_installAndDeployReadTheSignedFiles() throws Exception {
    MavenProject project = project("jar");
    project.getArtifact().setFile(file("lib-1.0.jar"));
    DefaultArtifact sources = artifact("jar", "sources", file("lib-1.0-sources.jar"));
    project.addAttachedArtifact(sources);
    List<ReleaseArtifact> artifacts = ReactorRelease.artifactsOf(project, true,
        new ArrayList<>());
    File signedMain = file("signed-main.jar");
    File signedSources = file("signed-sources.jar");

    ReactorRelease.replaceFile(project, artifacts.get(1), signedMain);
    ReactorRelease.replaceFile(project, artifacts.get(2), signedSources);

    assertEquals(signedMain, project.getArtifact().getFile());
    assertEquals(signedSources, sources.getFile());
  }

  @Test
  void replaceFile_artifactNoLongerAttached_throwsOutputFailed() throws Exception {
    MavenProject project = project("jar");
    project.getArtifact().setFile(file("lib-1.0.jar"));
    ReleaseArtifact gone = new ReleaseArtifact("g:lib", "lib-1.0-other.jar",
        dir.resolve("lib-1.0-other.jar"), "jar", "other");

    MayflyException e = assertThrows(MayflyException.class,
        () -> ReactorRelease.replaceFile(project, gone, file("signed.jar")));
    assertEquals(ErrorCode.CEREMONY_OUTPUT_FAILED, e.code());
  }

  private MavenProject project(String packaging) throws Exception {
    Model model = new Model();
    model.setGroupId("g");
    model.setArtifactId("lib");
    model.setVersion("1.0");
    model.setPackaging(packaging);
    MavenProject project = new MavenProject(model);
    project.setFile(file("pom.xml"));
    project.setArtifact(artifact(packaging, null, null));
    return project;
  }

  private static DefaultArtifact artifact(String type, String classifier, File file) {
    DefaultArtifact artifact = new DefaultArtifact("g", "lib", "1.0", "compile", type, classifier,
        new DefaultArtifactHandler(type));
    artifact.setFile(file);
    return artifact;
  }

  private File file(String name) throws Exception {
    return Files.writeString(dir.resolve(name), name).toFile();
  }
}
