package io.github.ecrconnect.ptc.packaging;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The checked-in files of the project as tests see them. The pom is read here, not taken from
 * properties the build passes in, so a test comparing a shipped file with the pom does not trust
 * the build it checks. Tests run with the project directory as working directory (Maven's default).
 */
public final class ProjectFiles {
  private static final Path ROOT = Paths.get("").toAbsolutePath();

  private ProjectFiles() {}

  public static Path root() {
    return ROOT;
  }

  public static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  public static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A .properties file as Connect reads it, sorted by key for readable test failures. */
  public static Map<String, String> properties(Path file) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> sorted = new TreeMap<>();
    props.stringPropertyNames().forEach(k -> sorted.put(k, props.getProperty(k)));
    return sorted;
  }

  /** The project's own version, as pom.xml declares it. */
  public static String pomVersion() {
    return childText(pom().getDocumentElement(), "version");
  }

  public static String pomArtifactId() {
    return childText(pom().getDocumentElement(), "artifactId");
  }

  /** A property of pom.xml's {@code <properties>}, as written (not interpolated). */
  public static String pomProperty(String name) {
    Element properties = child(pom().getDocumentElement(), "properties");
    String value = childText(properties, name);
    if (value == null) {
      throw new IllegalArgumentException("pom.xml has no property " + name);
    }
    return value;
  }

  private static Document pom() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(path("pom.xml").toFile());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read pom.xml", e);
    }
  }

  private static Element child(Element parent, String name) {
    NodeList children = parent.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node node = children.item(i);
      if (node instanceof Element && name.equals(node.getNodeName())) {
        return (Element) node;
      }
    }
    return null;
  }

  private static String childText(Element parent, String name) {
    Element element = child(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }
}
