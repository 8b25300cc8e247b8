package io.github.ecrconnect.ptc.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.ecrconnect.ptc.connect.EcrPullThroughCacheSourceConnector;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.runtime.isolation.PluginClassLoader;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive that {@code mvn package} built, unpacked as a user would: Confluent Hub layout,
 * nothing in lib/ that a Connect worker already provides, the connector registered for service
 * loading, a licence list that matches lib/ exactly, the sha512 Strimzi needs, and a plugin that
 * loads and validates from lib/ alone, isolated as Connect isolates plugins.
 */
class PluginArchiveIT {
  private static final String SERVICES =
      "META-INF/services/org.apache.kafka.connect.source.SourceConnector";

  /** Jars a Connect worker provides; a second copy in a plugin clashes with the worker's. */
  private static final Pattern PROVIDED_JAR =
      Pattern.compile(
          "(kafka-clients|kafka_.*|connect-(api|runtime|json|transforms|mirror.*|basic-auth.*)"
              + "|slf4j-.*|log4j.*|reload4j.*|logback-.*|jackson-.*)-\\d.*\\.jar");

  /** Packages of those jars, so a shaded copy in some other jar is found too. */
  private static final List<String> PROVIDED_PACKAGES =
      List.of(
          "org/apache/kafka/",
          "org/slf4j/",
          "org/apache/log4j/",
          "org/apache/logging/log4j/",
          "ch/qos/logback/",
          "ch/qos/reload4j/",
          "com/fasterxml/jackson/");

  /** "(licence) name (group:artifact:version - url)", as license-maven-plugin writes it. */
  private static final Pattern THIRD_PARTY_LINE =
      Pattern.compile(
          "^\\s*\\((?<licence>[^)]+)\\) .* \\((?<group>[^:\\s]+):(?<artifact>[^:\\s]+):(?<version>[^\\s]+) - .*\\)\\s*$");

  private static final Set<String> ALLOWED_LICENCES =
      Set.of("Apache License, Version 2.0", "MIT-0");

  @TempDir static Path unpacked;
  private static PluginArchive archive;

  @BeforeAll
  static void unpack() {
    archive = PluginArchive.unpack(unpacked);
  }

  @Test
  void hasTheConfluentHubLayout() throws IOException {
    assertThat(archive.top().getFileName().toString()).isEqualTo(PluginArchive.topFolderName());
    assertThat(names(PluginArchive.list(archive.top())))
        .contains("manifest.json", "lib", "etc", "doc")
        .isSubsetOf("manifest.json", "lib", "etc", "doc", "assets");
    assertThat(names(PluginArchive.list(archive.top().resolve("doc"))))
        .contains("README.md", "LICENSE", "THIRD-PARTY.txt");
    assertThat(Files.readString(archive.top().resolve("doc/README.md")))
        .isEqualTo(ProjectFiles.read(ProjectFiles.path("README.md")));
    assertThat(names(PluginArchive.list(archive.top().resolve("doc/docs"))))
        .as("the pages of docs/ the README links to")
        .containsExactlyInAnyOrderElementsOf(markdownPagesOfDocs());
    // Every file of config/ but ./run's sample rules (data for the local endpoint, not a config).
    java.util.List<String> examples =
        new java.util.ArrayList<>(names(PluginArchive.list(ProjectFiles.path("config"))));
    examples.remove("quickstart-rules.json");
    assertThat(names(PluginArchive.list(archive.top().resolve("etc"))))
        .as("every example of config/ is in etc/")
        .containsExactlyInAnyOrderElementsOf(examples);
  }

  @Test
  void manifestIsCompleteAndCarriesThePomVersion() throws IOException {
    String text = Files.readString(archive.top().resolve("manifest.json"));
    JsonNode manifest = ManifestContract.parse(text);

    ManifestContract.assertComplete(manifest);
    assertThat(text).as("every placeholder was filtered").doesNotContain("${");
    assertThat(manifest.path("version").asText()).isEqualTo(ProjectFiles.pomVersion());
    assertThat(manifest.path("name").asText()).isEqualTo(ProjectFiles.pomArtifactId());
    assertThat(manifest.path("owner").path("username").asText())
        .isEqualTo(ProjectFiles.pomProperty("component.owner"));
    assertThat(manifest.path("release_date").asText())
        .isEqualTo(ProjectFiles.pomProperty("component.release.date"));
  }

  @Test
  void libHoldsNoJarTheWorkerProvides() throws IOException {
    List<String> jars = names(archive.jars());
    assertThat(jars)
        .as("jars in lib/")
        .isNotEmpty()
        .noneMatch(n -> PROVIDED_JAR.matcher(n).matches());

    Map<String, List<String>> providedClasses = new TreeMap<>();
    for (Path jar : archive.jars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        List<String> offending =
            file.stream()
                .map(e -> e.getName().replaceFirst("^META-INF/versions/\\d+/", ""))
                .filter(name -> PROVIDED_PACKAGES.stream().anyMatch(name::startsWith))
                .limit(3)
                .collect(Collectors.toList());
        if (!offending.isEmpty()) {
          providedClasses.put(jar.getFileName().toString(), offending);
        }
      }
    }
    assertThat(providedClasses)
        .as("classes of worker-provided libraries inside lib/ jars")
        .isEmpty();

    Map<String, List<String>> byArtifact =
        jars.stream().collect(Collectors.groupingBy(n -> n.replaceFirst("-\\d[^-]*\\.jar$", "")));
    assertThat(byArtifact.values())
        .as("one version per artifact")
        .allSatisfy(v -> assertThat(v).hasSize(1));
  }

  /** Converters and registry clients belong to the worker (docs/schema-registry.md). */
  @Test
  void libHoldsNoConverterNorSchemaRegistryClient() throws IOException {
    List<String> registryPackages =
        List.of(
            "io/apicurio/",
            "io/confluent/",
            "com/amazonaws/services/schemaregistry/",
            "org/apache/avro/");
    List<String> found = new ArrayList<>();
    for (Path jar : archive.jars()) {
      try (JarFile file = new JarFile(jar.toFile())) {
        file.stream()
            .map(JarEntry::getName)
            .filter(name -> registryPackages.stream().anyMatch(name::startsWith))
            .findFirst()
            .ifPresent(name -> found.add(jar.getFileName() + ": " + name));
      }
    }
    assertThat(found).as("converter or registry classes in lib/").isEmpty();
  }

  @Test
  void connectorJarRegistersTheConnectorForServiceLoading() throws IOException {
    assertThat(archive.connectorJar()).isRegularFile();
    try (JarFile jar = new JarFile(archive.connectorJar().toFile())) {
      assertThat(jar.getEntry(SERVICES)).as(SERVICES).isNotNull();
      try (InputStream in = jar.getInputStream(jar.getEntry(SERVICES))) {
        List<String> providers =
            Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .collect(Collectors.toList());
        assertThat(providers).containsExactly(EcrPullThroughCacheSourceConnector.class.getName());
      }
      String classFile =
          EcrPullThroughCacheSourceConnector.class.getName().replace('.', '/') + ".class";
      assertThat(jar.getEntry(classFile)).as(classFile).isNotNull();
    }
  }

  @Test
  void thirdPartyListNamesExactlyTheBundledDependenciesWithAcceptedLicences() {
    List<String> lines =
        ProjectFiles.read(archive.top().resolve("doc/THIRD-PARTY.txt"))
            .lines()
            .filter(line -> line.strip().startsWith("("))
            .collect(Collectors.toList());
    Set<String> listedJars = new TreeSet<>();
    for (String line : lines) {
      Matcher m = THIRD_PARTY_LINE.matcher(line);
      assertThat(m.matches()).as("third-party line: %s", line).isTrue();
      assertThat(m.group("licence"))
          .as("licence of %s", m.group("artifact"))
          .isIn(ALLOWED_LICENCES);
      listedJars.add(m.group("artifact") + "-" + m.group("version") + ".jar");
    }
    Set<String> bundled = new TreeSet<>(names(archive.jars()));
    bundled.remove(archive.connectorJar().getFileName().toString());

    assertThat(listedJars).isEqualTo(bundled);
  }

  @Test
  void sha512FileMatchesTheArchive() throws Exception {
    Path sha512File = archive.zip().resolveSibling(archive.zip().getFileName() + ".sha512");
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(archive.zip())));

    assertThat(Files.readString(sha512File))
        .as("sha512sum -c format")
        .isEqualTo(expected + "  " + archive.zip().getFileName() + "\n");
  }

  /**
   * Loads the connector from lib/ alone through Connect's own PluginClassLoader (child-first for
   * everything but Kafka's API), so a runtime dependency missing from lib/ fails here instead of on
   * a user's worker. The test's classpath holds the same classes, so the test asserts they really
   * came from lib/.
   */
  @Test
  void loadsVersionsAndValidatesFromLibInIsolation() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (Path jar : archive.jars()) {
      urls.add(jar.toUri().toURL());
    }
    ClassLoader testLoader = getClass().getClassLoader();
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (PluginClassLoader loader =
        new PluginClassLoader(
            archive.top().toUri().toURL(), urls.toArray(new URL[0]), testLoader)) {
      thread.setContextClassLoader(loader);
      Class<?> connectorClass =
          Class.forName(EcrPullThroughCacheSourceConnector.class.getName(), true, loader);
      assertThat(connectorClass.getClassLoader()).isSameAs(loader);
      assertThat(
              Class.forName("software.amazon.awssdk.services.ecr.EcrClient", false, loader)
                  .getClassLoader())
          .isSameAs(loader);

      SourceConnector connector =
          (SourceConnector) connectorClass.getDeclaredConstructor().newInstance();
      assertThat(connector.version()).isEqualTo(ProjectFiles.pomVersion());

      Map<String, String> props =
          new HashMap<>(
              ProjectFiles.properties(
                  ProjectFiles.path("config/ecr-pull-through-cache-source.properties")));
      props.put("aws.ecr.endpoint", "http://127.0.0.1:9");
      props.put("aws.access.key.id", "AKIDPLUGINTEST");
      props.put("aws.secret.access.key", "not-a-secret");
      List<String> errors =
          connector.validate(props).configValues().stream()
              .flatMap((ConfigValue v) -> v.errorMessages().stream().map(m -> v.name() + ": " + m))
              .collect(Collectors.toList());
      assertThat(errors).isEmpty();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static List<String> markdownPagesOfDocs() {
    return names(PluginArchive.list(ProjectFiles.path("docs"))).stream()
        .filter(name -> name.endsWith(".md"))
        .collect(Collectors.toList());
  }

  private static List<String> names(List<Path> paths) {
    return paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
  }
}
