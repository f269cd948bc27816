package dev.mayfly.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The BOM (bom/pom.xml) lists exactly the library modules of the build, at the build's version:
 * a new module cannot be forgotten there, and the BOM cannot name one that is gone.
 */
class BomCoverageTest {
  /**
   * Modules that are not libraries a host depends on. The Maven plugin is used as a build plugin,
   * whose version a BOM never manages.
   */
  private static final Set<String> NOT_IN_BOM = Set.of("mayfly-bom", "mayfly-cli",
      "mayfly-benchmarks", "mayfly-test-support", "mayfly-ceremony-tests", "mayfly-examples",
      "mayfly-maven-plugin");

  @Test
  void bom_listsEveryLibraryModule_atTheBuildVersion() throws Exception {
    Path root = RepositoryRoot.path();
    Element parent = read(root.resolve("pom.xml"));
    String version = child(parent, "version");
    Set<String> libraries = new TreeSet<>();
    for (Element module : children(element(parent, "modules"), "module")) {
      String artifact = child(read(root.resolve(module.getTextContent().trim()).resolve("pom.xml")),
          "artifactId");
      if (!NOT_IN_BOM.contains(artifact)) {
        libraries.add(artifact);
      }
    }
    Element bom = read(root.resolve("bom/pom.xml"));
    assertEquals(version, child(bom, "version"), "the BOM's version is the build's");
    Set<String> listed = new TreeSet<>();
    Element management = element(bom, "dependencyManagement");
    for (Element dependency : children(element(management, "dependencies"), "dependency")) {
      assertEquals("dev.mayfly", child(dependency, "groupId"));
      assertEquals("${project.version}", child(dependency, "version"));
      listed.add(child(dependency, "artifactId"));
    }
    assertEquals(libraries, listed);
  }

  private static Element read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(pom.toFile());
    return document.getDocumentElement();
  }

  private static String child(Element parent, String name) {
    return element(parent, name).getTextContent().trim();
  }

  private static Element element(Element parent, String name) {
    List<Element> found = children(parent, name);
    if (found.size() != 1) {
      throw new AssertionError(parent.getTagName() + " has " + found.size() + " <" + name + ">");
    }
    return found.get(0);
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) {
        out.add(element);
      }
    }
    return out;
  }
}
