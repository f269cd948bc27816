package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the rule that the library modules' public API names no third-party type: every public
 * or protected constructor, method, field, superclass and interface of every API class (a class
 * under {@code dev.mayfly} whose package is not an {@code internal} one) uses only types from
 * {@code java.*}, {@code javax.*}, {@code dev.mayfly.*} and {@code org.jspecify.*}. Gson and
 * Bouncy Castle types stay in the {@code internal} packages, which are not API. The CLI module
 * sees every library module on its test class path, so the check lives here; the classes are
 * found by scanning the class path entries that hold {@code dev/mayfly}, with no extra library.
 */
class PublicApiTypesTest {
  /** Packages that are not library API: tools, simulation and test helpers. */
  private static final List<String> NOT_API_PACKAGES = List.of(
      "dev.mayfly.cli", "dev.mayfly.simulation", "dev.mayfly.benchmarks",
      "dev.mayfly.testsupport", "dev.mayfly.examples");

  /** Prefixes of the packages an API signature may name. */
  private static final List<String> ALLOWED_PREFIXES =
      List.of("java.", "javax.", "dev.mayfly.", "org.jspecify.");

  /**
   * Documented exceptions: a prefix of API class names to the prefix of the foreign types they
   * may name, each with its reason in a comment and as a decision in docs/architecture.md. None
   * today: even the Bouncy Castle bridge {@code ThresholdContentSigner} is internal (see that
   * decision).
   */
  private static final Map<String, String> EXCEPTIONS = Map.of();

  @Test
  void apiSignatures_nameOnlyJavaAndMayflyTypes() throws Exception {
    List<Class<?>> classes = apiClasses();
    assertTrue(classes.size() > 100, "too few API classes found: " + classes.size());
    Set<String> problems = new TreeSet<>();
    for (Class<?> type : classes) {
      check(type, problems);
    }
    assertEquals(List.of(), new ArrayList<>(problems),
        "public signatures that name third-party types");
  }

  @Test
  void check_foreignTypeInEachPosition_isReported() {
    Set<String> problems = new TreeSet<>();
    check(ForeignExample.class, problems);
    for (String expected : List.of("interface org.junit.jupiter.api.extension.Extension",
        "field value org.junit", "method foreign(): return type org.junit",
        "method generic(List): parameter org.junit", "method failing(): throws org.opentest4j",
        "constructor(TestInfo): parameter org.junit")) {
      assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
          expected + " not in " + problems);
    }
    assertTrue(problems.stream().noneMatch(p -> p.contains("hidden")), problems.toString());
  }

  /** A class with each kind of leak, to show that the check finds them. */
  @SuppressWarnings("unused")
  public static class ForeignExample implements org.junit.jupiter.api.extension.Extension {
    public org.junit.jupiter.api.TestInfo value;

    public ForeignExample() {}

    protected ForeignExample(org.junit.jupiter.api.TestInfo info) {}

    public org.junit.jupiter.api.TestInfo foreign() {
      return null;
    }

    public void generic(List<? extends org.junit.jupiter.api.TestInfo> infos) {}

    public void failing() throws org.opentest4j.AssertionFailedError {}

    private org.junit.jupiter.api.TestInfo hidden() {
      return null;
    }
  }

  private static void check(Class<?> type, Set<String> problems) {
    Set<TypeVariable<?>> seen = new HashSet<>();
    checkType(type, type.getName(), "superclass", type.getGenericSuperclass(), problems, seen);
    for (Type i : type.getGenericInterfaces()) {
      checkType(type, type.getName(), "interface", i, problems, seen);
    }
    for (TypeVariable<?> v : type.getTypeParameters()) {
      checkType(type, type.getName(), "type parameter", v, problems, seen);
    }
    checkMembers(type, type, problems, seen);
    // Public members of a package-private superclass are visible through the public subclass.
    for (Class<?> s = type.getSuperclass(); s != null && s.getName().startsWith("dev.mayfly.")
        && !Modifier.isPublic(s.getModifiers()); s = s.getSuperclass()) {
      checkMembers(type, s, problems, seen);
    }
  }

  private static void checkMembers(Class<?> owner, Class<?> type, Set<String> problems,
      Set<TypeVariable<?>> seen) {
    String where = owner == type ? type.getName() : owner.getName() + " (from " + type.getName()
        + ")";
    for (Field f : type.getDeclaredFields()) {
      if (visible(f.getModifiers()) && !f.isSynthetic()) {
        checkType(owner, where, "field " + f.getName(), f.getGenericType(), problems, seen);
      }
    }
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c.getModifiers()) && !c.isSynthetic()) {
        checkExecutable(owner, where + " constructor" + parameters(c), c, problems, seen);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
        String name = where + " method " + m.getName() + parameters(m);
        checkType(owner, name, "return type", m.getGenericReturnType(), problems, seen);
        checkExecutable(owner, name, m, problems, seen);
      }
    }
  }

  private static void checkExecutable(Class<?> owner, String name, Executable e,
      Set<String> problems, Set<TypeVariable<?>> seen) {
    for (TypeVariable<?> v : e.getTypeParameters()) {
      checkType(owner, name, "type parameter", v, problems, seen);
    }
    for (Type p : e.getGenericParameterTypes()) {
      checkType(owner, name, "parameter", p, problems, seen);
    }
    // Raw parameter types too: an inner class constructor's outer instance or a synthetic
    // parameter may not show up among the generic ones.
    for (Class<?> p : e.getParameterTypes()) {
      checkType(owner, name, "parameter", p, problems, seen);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      checkType(owner, name, "throws", x, problems, seen);
    }
  }

  private static String parameters(Executable e) {
    StringBuilder s = new StringBuilder("(");
    for (Class<?> p : e.getParameterTypes()) {
      s.append(s.length() > 1 ? ", " : "").append(p.getSimpleName());
    }
    return s.append(')').toString();
  }

  private static void checkType(Class<?> owner, String where, String role, Type type,
      Set<String> problems, Set<TypeVariable<?>> seen) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?>) {
      Class<?> c = (Class<?>) type;
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (!c.isPrimitive() && !allowed(owner, c.getName())) {
        problems.add(where + ": " + role + " " + c.getName());
      }
    } else if (type instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) type;
      checkType(owner, where, role, p.getRawType(), problems, seen);
      checkType(owner, where, role, p.getOwnerType(), problems, seen);
      for (Type a : p.getActualTypeArguments()) {
        checkType(owner, where, role, a, problems, seen);
      }
    } else if (type instanceof WildcardType) {
      WildcardType w = (WildcardType) type;
      for (Type b : w.getUpperBounds()) {
        checkType(owner, where, role, b, problems, seen);
      }
      for (Type b : w.getLowerBounds()) {
        checkType(owner, where, role, b, problems, seen);
      }
    } else if (type instanceof GenericArrayType) {
      checkType(owner, where, role, ((GenericArrayType) type).getGenericComponentType(),
          problems, seen);
    } else if (type instanceof TypeVariable<?>) {
      TypeVariable<?> v = (TypeVariable<?>) type;
      if (seen.add(v)) {
        for (Type b : v.getBounds()) {
          checkType(owner, where, role, b, problems, seen);
        }
      }
    }
  }

  private static boolean allowed(Class<?> owner, String typeName) {
    for (String prefix : ALLOWED_PREFIXES) {
      if (typeName.startsWith(prefix)) {
        return true;
      }
    }
    for (Map.Entry<String, String> e : EXCEPTIONS.entrySet()) {
      if (owner.getName().startsWith(e.getKey()) && typeName.startsWith(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  /** Public classes (nested ones reachable from outside too) of the API packages. */
  private static List<Class<?>> apiClasses() throws IOException, URISyntaxException {
    ClassLoader loader = PublicApiTypesTest.class.getClassLoader();
    Set<String> names = new TreeSet<>();
    for (URL url : Collections.list(loader.getResources("dev/mayfly"))) {
      if ("file".equals(url.getProtocol())) {
        Path packageDir = Path.of(url.toURI());
        Path root = packageDir.getParent().getParent();
        if (root.endsWith("test-classes")) {
          continue;  // test code of a module (test-jars), not API
        }
        try (Stream<Path> files = Files.walk(packageDir)) {
          files.filter(p -> p.toString().endsWith(".class"))
              .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
              .forEach(names::add);
        }
      } else if ("jar".equals(url.getProtocol())) {
        JarURLConnection connection = (JarURLConnection) url.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          if (jar.getName().endsWith("-tests.jar")) {
            continue;
          }
          for (JarEntry entry : Collections.list(jar.entries())) {
            if (entry.getName().startsWith("dev/mayfly/") && entry.getName().endsWith(".class")) {
              names.add(entry.getName());
            }
          }
        }
      }
    }
    List<Class<?>> classes = new ArrayList<>();
    for (String file : names) {
      String name = file.substring(0, file.length() - ".class".length()).replace('/', '.');
      if (name.endsWith("module-info") || name.endsWith("package-info") || !isApiPackage(name)) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot load " + name, e);
      }
      if (reachable(type)) {
        classes.add(type);
      }
    }
    return classes;
  }

  private static boolean isApiPackage(String className) {
    String pkg = className.substring(0, className.lastIndexOf('.'));
    if (pkg.equals("dev.mayfly.internal") || pkg.contains(".internal.")
        || pkg.endsWith(".internal")) {
      return false;
    }
    for (String excluded : NOT_API_PACKAGES) {
      if (pkg.equals(excluded) || pkg.startsWith(excluded + ".")) {
        return false;
      }
    }
    return true;
  }

  /** Whether code outside the package can name {@code type}. */
  private static boolean reachable(Class<?> type) {
    if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
      return false;
    }
    for (Class<?> c = type; c != null; c = c.getDeclaringClass()) {
      if (!visible(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }
}
