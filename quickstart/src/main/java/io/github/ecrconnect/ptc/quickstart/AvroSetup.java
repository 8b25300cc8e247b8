package io.github.ecrconnect.ptc.quickstart;

import io.github.ecrconnect.ptc.registry.RegistryInstallation;
import io.github.ecrconnect.ptc.registry.RegistryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * What {@code ./run --avro} adds: Apicurio Registry (unpacked by quickstart/src/avro/pom.xml into
 * {@link #REGISTRY_HOME}, run by a JDK 21+) and Apicurio's AvroConverter as a plugin directory of
 * the worker, with the converter settings of {@link #EXAMPLE} pointed at the running registry.
 */
final class AvroSetup {
  static final Path REGISTRY_HOME = Path.of("quickstart/target/apicurio-registry");
  static final Path CONVERTER_JARS = Path.of("quickstart/target/apicurio-avro-converter");
  static final String EXAMPLE = "config/connect-distributed-apicurio-avro.properties";
  static final String CONVERTER_CLASS = "io.apicurio.registry.utils.converter.AvroConverter";

  private AvroSetup() {}

  /**
   * The registry's installation and a JDK 21+ to run it, or a {@link QuickStartException} that says
   * what is missing; checked before anything starts.
   */
  static RegistryInstallation find(Path projectDir) throws QuickStartException {
    if (System.getProperty(RegistryInstallation.HOME_PROPERTY) == null) {
      System.setProperty(
          RegistryInstallation.HOME_PROPERTY, projectDir.resolve(REGISTRY_HOME).toString());
    }
    if (!Files.isDirectory(projectDir.resolve(CONVERTER_JARS))
        || !Files.isDirectory(projectDir.resolve(REGISTRY_HOME))) {
      throw new QuickStartException(
          CONVERTER_JARS
              + " or "
              + REGISTRY_HOME
              + " is missing; run ./run --avro without --no-build to fetch them");
    }
    try {
      return RegistryInstallation.find();
    } catch (RegistryUnavailableException e) {
      throw new QuickStartException(e.getMessage());
    }
  }

  /**
   * The command that runs the registry under ./run's child wrapper (as the worker runs): Ctrl-C
   * reaches ./run alone, which stops the registry after the worker; and the registry stops when
   * ./run's pipe to the wrapper closes, however ./run ends.
   */
  static List<String> launcher(Path work) throws IOException {
    Path wrapper =
        QuickstartResources.copy(
            "quickstart/worker-wrapper.sh", work.resolve("registry-wrapper.sh"));
    return List.of("bash", wrapper.toString());
  }

  /**
   * Copies the converter's jars into a directory of {@code pluginPath}, with a jar that registers
   * the converter for the ServiceLoader: Apicurio's jar does not, and the worker discovers plugins
   * with {@code plugin.discovery=service_load}. Returns the directory.
   */
  static Path installConverter(Path projectDir, Path pluginPath) throws IOException {
    Path dir = Files.createDirectories(pluginPath.resolve("apicurio-avro-converter"));
    try (Stream<Path> jars = Files.list(projectDir.resolve(CONVERTER_JARS))) {
      for (Path jar :
          jars.filter(j -> j.toString().endsWith(".jar")).collect(Collectors.toList())) {
        Files.copy(jar, dir.resolve(jar.getFileName()));
      }
    }
    try (OutputStream file =
            Files.newOutputStream(dir.resolve("quickstart-converter-services.jar"));
        JarOutputStream jar = new JarOutputStream(file)) {
      jar.putNextEntry(
          new ZipEntry("META-INF/services/org.apache.kafka.connect.storage.Converter"));
      jar.write((CONVERTER_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return dir;
  }

  /** The key and value converter settings of {@link #EXAMPLE}, with this registry's URL. */
  static Map<String, String> converterSettings(Path projectDir, URI apicurioV2Api)
      throws IOException {
    Properties example = new Properties();
    try (InputStream in = Files.newInputStream(projectDir.resolve(EXAMPLE))) {
      example.load(in);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String key : example.stringPropertyNames().stream().sorted().toList()) {
      if (List.of("key.converter", "value.converter").stream().anyMatch(key::startsWith)) {
        boolean url = key.endsWith(".apicurio.registry.url");
        settings.put(key, url ? apicurioV2Api.toString() : example.getProperty(key));
      }
    }
    return settings;
  }
}
