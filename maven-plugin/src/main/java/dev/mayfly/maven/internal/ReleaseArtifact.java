package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One file of a release as Maven publishes it: the project it belongs to (its {@code
 * groupId:artifactId}), the file, its extension and classifier, and the name it is published
 * under ({@code artifactId-version[-classifier].extension}), which is the name the ceremony
 * signs and the base name of its bundle.
 *
 * @param projectId the owning project's {@code groupId:artifactId}
 * @param name the published file name
 * @param file the file on disk
 * @param extension the artifact's extension ({@code jar}, {@code pom}, ...)
 * @param classifier the classifier, or null for the main artifact and the POM
 */
public record ReleaseArtifact(String projectId, String name, Path file, String extension,
    @Nullable String classifier) {
  public ReleaseArtifact {
    requireNonNull(projectId, "projectId");
    requireNonNull(name, "name");
    requireNonNull(file, "file");
    requireNonNull(extension, "extension");
  }

  /** The published file name of an artifact. */
  public static String publishedName(String artifactId, String version,
      @Nullable String classifier, String extension) {
    return artifactId + "-" + version
        + (classifier == null || classifier.isEmpty() ? "" : "-" + classifier) + "." + extension;
  }
}
