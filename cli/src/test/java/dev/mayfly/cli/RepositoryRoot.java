package dev.mayfly.cli;

import java.nio.file.Path;

/** The repository's root folder, for tests that read its files (docs, sources of every module). */
final class RepositoryRoot {
  private RepositoryRoot() {}

  /** The root, whether Maven runs the tests in {@code cli/} or at the root. */
  static Path path() {
    Path p = Path.of("").toAbsolutePath();
    return p.getFileName().toString().equals("cli") ? p.getParent() : p;
  }
}
