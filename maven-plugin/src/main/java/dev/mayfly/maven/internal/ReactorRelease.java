package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import dev.mayfly.common.ErrorCode;
import dev.mayfly.common.MayflyException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.SessionData;

/**
 * The reactor-wide state of the {@code sign} goal: each project's execution marks its project
 * (to sign, or skipped), and the execution that finds every project of the session marked claims
 * the release, once, and signs what all of them attached. In a serial build that is the last
 * project; in a parallel one, whichever finishes last. The marks live in the build's repository
 * session data (one concurrent map, installed by compare-and-set), so nothing outlives the
 * session and no execution creates another project's state while that project marks it.
 */
public final class ReactorRelease {
  /** The key of the marks in the session data; the value is a {@link Marks}. */
  private static final String KEY = ReactorRelease.class.getName() + ".marks";

  /** How a project took part. */
  public enum State {
    /** Its artifacts are signed with the release. */
    SIGN,
    /** It asked not to be signed ({@code mayfly.skip}). */
    SKIPPED
  }

  /** The suffixes of files the plugin (or another signer) makes: never signed themselves. */
  private static final List<String> SIGNATURE_SUFFIXES =
      List.of(".sig", ".sigstore.json", ".mayfly.json", ".asc");

  /** Every project's mark (by project id) and whether the release was claimed. */
  private static final class Marks {
    final Map<String, State> states = new ConcurrentHashMap<>();
    final AtomicBoolean claimed = new AtomicBoolean();
  }

  private final MavenSession session;
  private final Marks marks;

  public ReactorRelease(MavenSession session) {
    this.session = requireNonNull(session, "session");
    this.marks = marks(session.getRepositorySession().getData());
  }

  private static Marks marks(SessionData data) {
    while (true) {
      Object existing = data.get(KEY);
      if (existing instanceof Marks found) {
        return found;
      }
      if (existing != null) {
        throw new IllegalStateException(KEY + " holds " + existing.getClass().getName()
            + ", from another class loader");
      }
      Marks created = new Marks();
      if (data.set(KEY, null, created)) {
        return created;
      }
    }
  }

  /** Marks {@code project} as taking part in the release with {@code state}. */
  public void mark(MavenProject project, State state) {
    marks.states.put(project.getId(), state);
  }

  /** The projects of the session not marked yet, as {@code groupId:artifactId}. */
  public List<String> unmarked() {
    List<String> missing = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (!marks.states.containsKey(project.getId())) {
        missing.add(id(project));
      }
    }
    return missing;
  }

  /**
   * The projects of the session that will not run the {@code sign} goal of the plugin {@code
   * pluginKey} ({@code groupId:artifactId}), as {@code groupId:artifactId}: those without an
   * execution of it in their build, unless the goal was named on the command line (then every
   * project runs it). The release waits for every project, so it would never be signed.
   */
  public List<String> projectsWithoutSign(String pluginKey, String goalPrefix) {
    for (String goal : session.getGoals()) {
      if (goal.equals(goalPrefix + ":sign")
          || (goal.startsWith(pluginKey + ":") && goal.endsWith(":sign"))) {
        return List.of();
      }
    }
    List<String> missing = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      org.apache.maven.model.Plugin plugin = project.getPlugin(pluginKey);
      boolean runs = plugin != null && plugin.getExecutions().stream()
          .anyMatch(e -> e.getGoals().contains("sign") && !"none".equals(e.getPhase()));
      if (!runs) {
        missing.add(id(project));
      }
    }
    return missing;
  }

  /** Whether {@code project} is the last of the session's projects, in reactor order. */
  public boolean isLast(MavenProject project) {
    List<MavenProject> projects = session.getProjects();
    return projects.get(projects.size() - 1) == project;
  }

  /**
   * Claims the release for this execution: true exactly once per session, when every project is
   * marked.
   */
  public boolean claim() {
    if (!unmarked().isEmpty()) {
      return false;
    }
    return marks.claimed.compareAndSet(false, true);
  }

  /** The projects marked {@link State#SIGN}, in reactor order. */
  public List<MavenProject> projectsToSign() {
    List<MavenProject> projects = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (marks.states.get(project.getId()) == State.SIGN) {
        projects.add(project);
      }
    }
    return projects;
  }

  /** The projects marked {@link State#SKIPPED}, as {@code groupId:artifactId}. */
  public List<String> skippedProjects() {
    List<String> skipped = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (marks.states.get(project.getId()) == State.SKIPPED) {
        skipped.add(id(project));
      }
    }
    return skipped;
  }

  /**
   * Every file {@code project} publishes: its POM (if {@code includePom}), its main artifact and
   * its attached artifacts, without signatures and bundles. Files that do not exist (a main
   * artifact that was never packaged) are reported in {@code notPackaged} instead.
   */
  public static List<ReleaseArtifact> artifactsOf(MavenProject project, boolean includePom,
      List<String> notPackaged) {
    Map<String, ReleaseArtifact> found = new LinkedHashMap<>();
    Artifact main = project.getArtifact();
    boolean pomPackaging = "pom".equals(project.getPackaging());
    if (includePom || pomPackaging) {
      add(found, project, project.getFile(), "pom", null, notPackaged);
    }
    if (!pomPackaging) {
      add(found, project, main.getFile(), main.getArtifactHandler().getExtension(),
          main.getClassifier(), notPackaged);
    }
    for (Artifact attached : project.getAttachedArtifacts()) {
      String extension = attached.getArtifactHandler().getExtension();
      String lower = ("." + extension).toLowerCase(Locale.ROOT);
      if (SIGNATURE_SUFFIXES.stream().anyMatch(lower::endsWith)) {
        continue;
      }
      add(found, project, attached.getFile(), extension, attached.getClassifier(), notPackaged);
    }
    return List.copyOf(found.values());
  }

  private static void add(Map<String, ReleaseArtifact> found, MavenProject project,
      File file, String extension, String classifier, List<String> notPackaged) {
    String name = ReleaseArtifact.publishedName(project.getArtifactId(),
        project.getArtifact().getBaseVersion(), classifier, extension);
    if (file == null || !Files.isRegularFile(file.toPath())) {
      notPackaged.add(id(project) + ": " + name);
      return;
    }
    Path path = file.toPath();
    found.putIfAbsent(name, new ReleaseArtifact(id(project), name, path, extension,
        classifier == null || classifier.isEmpty() ? null : classifier));
  }

  /**
   * Makes {@code signed} the file {@code project} publishes for {@code artifact} (its main or
   * attached artifact whose file and classifier are {@code artifact}'s), as install and deploy
   * read it.
   *
   * @throws MayflyException {@code CEREMONY_OUTPUT_FAILED} if the project has no such artifact
   *     any more
   */
  public static void replaceFile(MavenProject project, ReleaseArtifact artifact, File signed)
      throws MayflyException {
    List<Artifact> candidates = new ArrayList<>();
    if (!"pom".equals(project.getPackaging())) {
      candidates.add(project.getArtifact());
    }
    candidates.addAll(project.getAttachedArtifacts());
    for (Artifact candidate : candidates) {
      String classifier = candidate.getClassifier() == null || candidate.getClassifier().isEmpty()
          ? null : candidate.getClassifier();
      if (candidate.getFile() != null && candidate.getFile().toPath().equals(artifact.file())
          && java.util.Objects.equals(classifier, artifact.classifier())
          && artifact.extension().equals(candidate.getArtifactHandler().getExtension())) {
        candidate.setFile(signed);
        return;
      }
    }
    throw new MayflyException(ErrorCode.CEREMONY_OUTPUT_FAILED, id(project) + " no longer "
        + "publishes " + artifact.file() + ": cannot put the signed JAR " + artifact.name()
        + " in its place");
  }

  /** {@code groupId:artifactId} of {@code project}. */
  public static String id(MavenProject project) {
    return project.getGroupId() + ":" + project.getArtifactId();
  }
}
