package dev.mayfly.maven.internal;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.project.MavenProject;

/**
 * The reactor-wide state of the {@code sign} goal: each project's execution marks its project
 * (to sign, or skipped), and the execution that finds every project of the session marked claims
 * the release, once, and signs what all of them attached. In a serial build that is the last
 * project; in a parallel one, whichever finishes last. The marks live in each project's plugin
 * context (concurrent maps Maven keeps for the build), so nothing outlives the session.
 */
public final class ReactorRelease {
  private static final String STATE = "dev.mayfly.sign.state";
  private static final String CLAIMED = "dev.mayfly.sign.claimed";

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

  private final MavenSession session;
  private final PluginDescriptor plugin;

  public ReactorRelease(MavenSession session, PluginDescriptor plugin) {
    this.session = requireNonNull(session, "session");
    this.plugin = requireNonNull(plugin, "plugin");
  }

  /** Marks {@code project} as taking part in the release with {@code state}. */
  public void mark(MavenProject project, State state) {
    context(project).put(STATE, state.name());
  }

  /** The projects of the session not marked yet, as {@code groupId:artifactId}. */
  public List<String> unmarked() {
    List<String> missing = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (!context(project).containsKey(STATE)) {
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
    AtomicBoolean claimed = (AtomicBoolean) context(session.getProjects().get(0))
        .computeIfAbsent(CLAIMED, key -> new AtomicBoolean());
    return claimed.compareAndSet(false, true);
  }

  /** The projects marked {@link State#SIGN}, in reactor order. */
  public List<MavenProject> projectsToSign() {
    List<MavenProject> projects = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (State.SIGN.name().equals(context(project).get(STATE))) {
        projects.add(project);
      }
    }
    return projects;
  }

  /** The projects marked {@link State#SKIPPED}, as {@code groupId:artifactId}. */
  public List<String> skippedProjects() {
    List<String> skipped = new ArrayList<>();
    for (MavenProject project : session.getProjects()) {
      if (State.SKIPPED.name().equals(context(project).get(STATE))) {
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

  /** {@code groupId:artifactId} of {@code project}. */
  public static String id(MavenProject project) {
    return project.getGroupId() + ":" + project.getArtifactId();
  }

  private Map<String, Object> context(MavenProject project) {
    return session.getPluginContext(plugin, project);
  }
}
